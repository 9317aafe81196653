// Reads GEXF files with graphology-gexf (the parser sigma.js and Gephi Lite use) and
// prints what it read as one JSON object keyed by file name, for
// tests/test_gexf_graphology.py. Exits non-zero when a file cannot be parsed.
"use strict";

const fs = require("fs");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

const result = {};
for (const path of process.argv.slice(2)) {
  const graph = gexf.parse(Graph, fs.readFileSync(path, "utf-8"));
  result[path] = {
    type: graph.type,
    multi: graph.multi,
    order: graph.order,
    size: graph.size,
    attributes: graph.getAttributes(),
    nodes: graph.mapNodes((key, attributes) => ({ key, attributes })),
    edges: graph.mapEdges((key, attributes, source, target) => ({
      key,
      source,
      target,
      attributes,
    })),
  };
}
process.stdout.write(JSON.stringify(result));
