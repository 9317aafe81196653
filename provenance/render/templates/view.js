/* provenance HTML view: claims panel, details, search and filters around vis-network.
 *
 * Every string in the data (titles, claims, passages, URLs) comes from web pages someone
 * else wrote. It reaches the DOM only as text (createTextNode, textContent, new Option),
 * never as markup, and only http(s) URLs become links. Ids are looked up in Maps, never
 * in plain objects, so an id like "__proto__" is just a string.
 */
(function () {
  "use strict";

  var SEARCH_MAX = 30;
  var CLAIM_PREVIEW = 140;
  var FONT_COLOR = "#222222";
  var DIM_FONT_COLOR = "#c3c7cd";
  var DIM_NODE = {
    background: "#e6e8eb",
    border: "#d6d9de",
    highlight: { background: "#e6e8eb", border: "#8c959f" },
    hover: { background: "#e6e8eb", border: "#8c959f" },
  };
  var DIM_EDGE = { color: "#eceef1", highlight: "#d0d7de", hover: "#d0d7de", inherit: false };
  var CHAIN_EDGE_EXTRA_WIDTH = 2;
  var FIT_MARGIN = 0.92;
  // A small graph fitted to the screen would be drawn huge; these cap the zoom of the
  // whole-graph fit and of the fit to a claim's chain or a filter's nodes.
  var MAX_FIT_SCALE = 1.0;
  var MAX_FOCUS_SCALE = 1.2;

  var data = JSON.parse(document.getElementById("provenance-data").textContent);
  var outletMode = data.mode === "outlets";
  if (outletMode) document.body.classList.add("outlets");
  // An outlet graph without the document graph's claims has no claims panel.
  if (outletMode && data.claims.length === 0) document.body.classList.add("no-claims");

  // --- indexes over the data --------------------------------------------------------------
  // vis ids are short ("n0"); the graph's own key (URL or outlet) is node.key.
  var recordOf = new Map();
  var nodeOf = new Map();
  var idOfKey = new Map();
  data.nodes.forEach(function (node, i) {
    recordOf.set(node.id, data.documents[i]);
    nodeOf.set(node.id, node);
    idOfKey.set(node.key, node.id);
  });
  var linkOf = new Map();
  var edgeOf = new Map();
  var edgesBetween = new Map();
  var sources = new Map();
  var users = new Map();
  data.edges.forEach(function (edge, i) {
    linkOf.set(edge.id, data.links[i]);
    edgeOf.set(edge.id, edge);
    push(edgesBetween, pairKey(edge.from, edge.to), edge.id);
    push(sources, edge.to, edge.from);
    push(users, edge.from, edge.to);
  });
  var roleColor = new Map(data.legend.roles);
  var statusStyle = new Map();
  data.statuses.forEach(function (s) { statusStyle.set(s.status, s); });
  var claimsThrough = new Map();
  data.claims.forEach(function (claim, i) {
    new Set(chainIds(claim)).forEach(function (id) { push(claimsThrough, id, i); });
  });

  function chainIds(claim) {
    // The chain as node ids, in chain order; URLs that are not nodes are left out.
    return claim.chain.filter(function (url) { return idOfKey.has(url); }).map(function (url) { return idOfKey.get(url); });
  }

  function push(map, key, value) {
    var list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else list.push(value);
  }
  function pairKey(from, to) { return JSON.stringify([from, to]); }

  // --- DOM helpers: text only -------------------------------------------------------------
  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function clip(text, limit) { return text.length > limit ? text.slice(0, limit - 1) + "…" : text; }

  function safeHref(text) {
    // Only absolute http(s) URLs become links: javascript:, data:, vbscript:, file: and
    // anything the URL parser reads otherwise stay text.
    if (typeof text !== "string" || text === "" || /[\u0000-\u0020\u007f-\u009f]/.test(text)) return null;
    var url;
    try { url = new URL(text); } catch (e) { return null; }
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) return null;
    return url.href;
  }
  function urlNode(text) {
    var href = safeHref(text);
    if (href === null) return el("span", "url-text", text);
    var link = el("a", "url-text", text);
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    link.referrerPolicy = "no-referrer";
    return link;
  }
  function badge(status) {
    var span = el("span", "badge", status || "unknown");
    var known = statusStyle.get(status);
    if (known) {
      span.style.backgroundColor = known.color;
      span.style.color = known.text;
    }
    span.dataset.status = status;
    return span;
  }
  function claimText(claim, anchor) {
    // The claim sentence with its link text marked, built from text nodes.
    var p = el("p", "claim-text");
    var at = anchor ? claim.indexOf(anchor) : -1;
    if (at < 0) {
      p.appendChild(document.createTextNode(claim));
    } else {
      p.appendChild(document.createTextNode(claim.slice(0, at)));
      p.appendChild(el("mark", null, anchor));
      p.appendChild(document.createTextNode(claim.slice(at + anchor.length)));
    }
    return p;
  }
  function number(value) { return value === null || value === undefined ? "" : value.toFixed(2); }
  function name(id) {
    var record = recordOf.get(id);
    if (!record) return id;
    return record.title || record.outlet_name || record.outlet || nodeOf.get(id).key;
  }

  // --- the network ------------------------------------------------------------------------
  var nodes = new vis.DataSet(data.nodes.map(function (node) {
    return Object.assign({}, node, { dimmed: false, hidden: false, font: { color: FONT_COLOR } });
  }));
  var edges = new vis.DataSet(data.edges.map(function (edge) {
    return Object.assign({}, edge, { dimmed: false, hidden: false });
  }));
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var state = { claim: null, outlet: "", kind: "", selected: null };

  function fitNodes(ids, maxScale) {
    // Centre the given nodes, labels included (vis's own fit misses labels it has not
    // measured yet), with a margin; never zoom in past maxScale.
    if (!ids.length || !container.clientWidth || !container.clientHeight) return;
    var left = Infinity, right = -Infinity, top = Infinity, bottom = -Infinity;
    ids.forEach(function (id) {
      var box = network.getBoundingBox(id);
      if (!box) return;
      left = Math.min(left, box.left);
      right = Math.max(right, box.right);
      top = Math.min(top, box.top);
      bottom = Math.max(bottom, box.bottom);
    });
    if (!isFinite(left)) return;
    var width = Math.max(right - left, 1);
    var height = Math.max(bottom - top, 1);
    var scale = Math.min(container.clientWidth / width, container.clientHeight / height) * FIT_MARGIN;
    network.moveTo({
      position: { x: (left + right) / 2, y: (top + bottom) / 2 },
      scale: Math.min(scale, maxScale),
      animation: false,
    });
  }
  function visibleIds() {
    return data.nodes.filter(function (node) { return !nodes.get(node.id).hidden; }).map(function (node) { return node.id; });
  }
  function fitAll() { fitNodes(visibleIds(), MAX_FIT_SCALE); }

  // What each item looks like now ("plain", "dim" or, for edges, "lit"): repainting
  // touches only the items that change, which matters at 10k nodes.
  var nodeLook = new Map();
  var edgeLook = new Map();

  function paint(focus) {
    // focus: {nodeIds, edgeIds} to highlight, or null to restore every item.
    var nodeChanges = [];
    data.nodes.forEach(function (node) {
      var look = focus === null || focus.nodeIds.has(node.id) ? "plain" : "dim";
      if ((nodeLook.get(node.id) || "plain") === look) return;
      nodeLook.set(node.id, look);
      var dim = look === "dim";
      nodeChanges.push({
        id: node.id,
        dimmed: dim,
        color: dim ? DIM_NODE : node.color,
        font: { color: dim ? DIM_FONT_COLOR : FONT_COLOR },
      });
    });
    var edgeChanges = [];
    data.edges.forEach(function (edge) {
      var look = focus === null ? "plain" : focus.edgeIds.has(edge.id) ? "lit" : "dim";
      if ((edgeLook.get(edge.id) || "plain") === look) return;
      edgeLook.set(edge.id, look);
      edgeChanges.push({
        id: edge.id,
        dimmed: look === "dim",
        color: look === "dim" ? DIM_EDGE : edge.color,
        width: look === "lit" ? edge.width + CHAIN_EDGE_EXTRA_WIDTH : edge.width,
      });
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
  }

  function chainOf(claim) {
    var chain = claim.chain.map(function (url) { return idOfKey.get(url); });
    var nodeIds = new Set(chainIds(claim));
    var edgeIds = new Set();
    for (var i = 0; i + 1 < chain.length; i++) {
      var a = chain[i];
      var b = chain[i + 1];
      if (a === undefined || b === undefined) continue;
      [pairKey(a, b), pairKey(b, a)].forEach(function (key) {
        (edgesBetween.get(key) || []).forEach(function (id) { edgeIds.add(id); });
      });
    }
    return { nodeIds: nodeIds, edgeIds: edgeIds };
  }

  // --- claims panel -----------------------------------------------------------------------
  var claimList = document.getElementById("claim-list");
  var claimItems = data.claims.map(function (claim, i) {
    var item = el("li", "claim");
    item.dataset.index = String(i);
    item.tabIndex = 0;
    var head = el("div", "claim-head", badge(claim.status));
    head.appendChild(el("span", "hop-count", claim.hops + (claim.hops === 1 ? " hop" : " hops")));
    if (claim.cue) head.appendChild(el("span", null, "· " + claim.cue));
    if (claim.via_archive && claim.via_archive.length) head.appendChild(el("span", "archived", "· via web archive"));
    item.appendChild(head);
    var origin = originLine(claim);
    if (origin) item.appendChild(origin);
    item.appendChild(claimText(claim.claim || claim.anchor || claim.cited_url, claim.anchor));
    item.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest(".hops")) return;
      selectClaim(i);
    });
    item.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        selectClaim(i);
      }
    });
    claimList.appendChild(item);
    return item;
  });
  document.getElementById("claim-count").textContent = "(" + data.claims.length + ")";
  if (data.claims.length === 0) document.getElementById("claims-hint").textContent = "No traced claims in this graph.";

  // What the web archives said of the dead link where a trace stopped (claims.csv
  // archive_lookup), and the capture a page was read from (archived_from: "URL time").
  var ARCHIVE_LOOKUP = {
    "not-asked": "no web archive was asked",
    "no-capture": "no web archive had a capture",
    "archive-error": "no capture found; an archive could not be asked",
    "skipped": "the page budget ran out before an archive was asked",
  };
  function archivedNode(archived) {
    var parts = archived.split(" ");
    return el("span", null, urlNode(parts[0]), parts[1] ? " (captured " + parts[1] + ")" : "");
  }

  function originLine(claim) {
    // Where the claim comes from (origin, primary) or where its trace stopped: the
    // outlet and the title, on the card before it is clicked.
    var found = claim.status === "origin" || claim.status === "primary";
    var urls = claim.origin_urls.length ? claim.origin_urls : claim.chain.slice(0, 1);
    if (!urls.length) return null;
    var parts = urls.slice(0, 2).map(function (url) {
      var id = idOfKey.get(url);
      var record = id === undefined ? undefined : recordOf.get(id);
      if (!record) return url;
      var outlet = record.outlet_name || record.outlet || url;
      var title = outletMode ? "" : record.title;
      return title && title !== outlet ? outlet + " — " + clip(title, 90) : outlet;
    });
    var more = urls.length > 2 ? " and " + (urls.length - 2) + " more" : "";
    var line = el("div", "claim-origin", el("span", "origin-label", found ? "from " : "stopped at "), parts.join("; ") + more);
    line.dataset.found = String(found);
    return line;
  }

  function hopList(claim) {
    // From the citing article (top) back to where the trace stopped (bottom).
    var passages = new Map();
    claim.passages.forEach(function (p) { if (!passages.has(p.url)) passages.set(p.url, p); });
    var list = el("ol", "hops");
    for (var k = claim.chain.length - 1; k >= 0; k--) {
      var url = claim.chain[k];
      var id = idOfKey.get(url);
      var record = id === undefined ? undefined : recordOf.get(id);
      var hop = el("li", "hop");
      hop.style.setProperty("--dot", roleColor.get(record ? record.role : "") || "#999999");
      var title = el("span", "hop-title", clip(record ? name(id) : url, 160));
      if (id !== undefined) title.addEventListener("click", showNode.bind(null, id));
      hop.appendChild(title);
      var step = k === claim.chain.length - 1 ? "citing article" : k === 0 ? "trace stopped: " + claim.status : "hop " + (claim.chain.length - 1 - k);
      if (k === 0 && ARCHIVE_LOOKUP[claim.archive_lookup]) step += " (" + ARCHIVE_LOOKUP[claim.archive_lookup] + ")";
      var meta = [step];
      if (record) {
        if (record.outlet_name || record.outlet) meta.push(record.outlet_name || record.outlet);
        if (record.published) meta.push(record.published);
        if (record.kind) meta.push(record.kind);
      }
      hop.appendChild(el("div", "hop-meta", meta.join(" · ")));
      hop.appendChild(el("div", "hop-meta", urlNode(url)));
      if (record && record.archived_from) hop.appendChild(el("div", "hop-meta", "read from a web archive: ", archivedNode(record.archived_from)));
      var passage = passages.get(url);
      if (passage) {
        hop.appendChild(el("div", "hop-meta support", "support " + (passage.support === null ? "n/a" : number(passage.support))));
        if (passage.passage) hop.appendChild(el("blockquote", "passage", passage.passage));
      }
      list.appendChild(hop);
    }
    return list;
  }

  function selectClaim(index) {
    if (state.claim === index) {
      clearClaim();
      return;
    }
    clearClaim(true);
    var claim = data.claims[index];
    state.claim = index;
    var focus = chainOf(claim);
    paint(focus);
    var item = claimItems[index];
    item.classList.add("selected");
    item.appendChild(hopList(claim));
    revealTop(item);
    var lit = Array.from(focus.nodeIds);
    if (lit.length > 0 && !allInView(lit)) {
      fitNodes(lit, MAX_FOCUS_SCALE);
    }
  }

  function revealTop(item) {
    // Scroll the claims panel only when the claim's first line is out of sight.
    var panel = document.getElementById("claims-panel");
    var top = item.getBoundingClientRect().top - panel.getBoundingClientRect().top;
    if (top < 0 || top > panel.clientHeight - 60) panel.scrollTop += top - 8;
  }

  function allInView(ids) {
    // Move the view only when part of the chain is off screen: keep the reader's context.
    var width = container.clientWidth;
    var height = container.clientHeight;
    var positions = network.getPositions(ids);
    return ids.every(function (id) {
      var p = network.canvasToDOM(positions[id]);
      return p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height;
    });
  }

  function clearClaim(keepPaint) {
    // keepPaint: another claim is about to be painted; skip restoring every item first.
    if (state.claim === null) return;
    var item = claimItems[state.claim];
    item.classList.remove("selected");
    var hops = item.querySelector(".hops");
    if (hops) item.removeChild(hops);
    state.claim = null;
    if (!keepPaint) paint(null);
  }

  // --- details panel ----------------------------------------------------------------------
  var details = document.getElementById("details-body");

  function rows(pairs) {
    var list = el("dl");
    pairs.forEach(function (pair) {
      if (pair[1] === "" || pair[1] === null || pair[1] === undefined) return;
      list.appendChild(el("dt", null, pair[0]));
      list.appendChild(el("dd", null, pair[1]));
    });
    return list;
  }

  function showNothing() {
    state.selected = null;
    clear(details);
    details.appendChild(el("p", "hint", "Click a node or an edge."));
  }

  function showNode(id) {
    var record = recordOf.get(id);
    if (!record) return;
    state.selected = id;
    clear(details);
    network.selectNodes([id]);
    details.appendChild(el("p", "node-title", record.title || record.outlet_name || nodeOf.get(id).key));
    var inbound = (sources.get(id) || []).length;
    var outbound = (users.get(id) || []).length;
    if (outletMode) {
      details.appendChild(rows([
        ["Outlet", record.outlet],
        ["Name", record.outlet_name],
        ["Articles", String(record.articles)],
        ["Documents", String(record.documents)],
        ["Root outlet", record.root ? "yes" : ""],
        ["First published", record.first_published],
        ["Takes from", inbound + " outlet link" + (inbound === 1 ? "" : "s")],
        ["Used by", outbound + " outlet link" + (outbound === 1 ? "" : "s")],
      ]));
      return;
    }
    var aliases = null;
    if (record.aliases.length) {
      aliases = el("div");
      record.aliases.forEach(function (alias) { aliases.appendChild(el("div", null, urlNode(alias))); });
    }
    details.appendChild(rows([
      ["Outlet", record.outlet_name ? record.outlet_name + " (" + record.outlet + ")" : record.outlet],
      ["Published", record.published],
      ["Authors", record.authors],
      ["Kind", record.kind],
      ["Role", record.role],
      ["Status", record.status],
      ["Depth", String(record.depth) + (record.root ? " (root)" : "")],
      ["Language", record.language],
      ["URL", urlNode(record.url)],
      ["Archived", record.archived_from ? archivedNode(record.archived_from) : ""],
      ["Aliases", aliases],
      ["Sources", String(inbound)],
      ["Used by", String(outbound)],
    ]));
    var through = claimsThrough.get(id) || [];
    details.appendChild(el("h2", null, "Claims through here (" + through.length + ")"));
    var list = el("ul");
    through.forEach(function (index) {
      var claim = data.claims[index];
      var item = el("li", "through", badge(claim.status), " ", clip(claim.claim || claim.anchor, CLAIM_PREVIEW));
      item.addEventListener("click", function () { if (state.claim !== index) selectClaim(index); });
      list.appendChild(item);
    });
    details.appendChild(list);
  }

  function showEdge(id) {
    var link = linkOf.get(id);
    var edge = edgeOf.get(id);
    if (!link || !edge) return;
    state.selected = id;
    clear(details);
    details.appendChild(el("p", "node-title", link.kind));
    var ends = [["From", clip(name(edge.from), 200)], ["To", clip(name(edge.to), 200)]];
    if (outletMode) {
      details.appendChild(rows(ends.concat([
        ["Citations", String(link.citations)],
        ["Republications", String(link.republications)],
        ["Weight", String(link.weight)],
      ])));
      return;
    }
    details.appendChild(rows(ends.concat([
      ["Claim", link.claim ? claimText(link.claim, link.anchor) : ""],
      ["Anchor", link.anchor],
      ["Cue", link.cue],
      ["Support", number(link.support)],
      ["Evidence", link.evidence],
      ["Similarity", number(link.similarity)],
      ["Claim id", link.claim_id],
    ])));
  }

  // --- drawers (narrow screens) -----------------------------------------------------------
  var narrow = window.matchMedia("(max-width: 1199px)");
  function drawer(which, open) {
    var name = "show-" + which;
    var on = open === undefined ? !document.body.classList.contains(name) : open;
    document.body.classList.toggle(name, on);
    document.getElementById("toggle-" + which).setAttribute("aria-expanded", String(on));
  }
  document.getElementById("toggle-claims").addEventListener("click", function () { drawer("claims"); });
  document.getElementById("toggle-details").addEventListener("click", function () { drawer("details"); });

  network.on("click", function (params) {
    if ((params.nodes.length || params.edges.length) && narrow.matches) drawer("details", true);
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
    else showNothing();
  });

  // --- search -----------------------------------------------------------------------------
  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  var haystacks = data.nodes.map(function (node, i) {
    var r = data.documents[i];
    return [r.title, node.key, r.outlet, r.outlet_name].join("\n").toLowerCase();
  });

  function focusNode(id) {
    results.hidden = true;
    network.focus(id, { scale: Math.max(network.getScale(), 1), animation: false });
    showNode(id);
  }

  function findNodes(query) {
    var q = query.trim().toLowerCase();
    var found = [];
    if (!q) return found;
    for (var i = 0; i < haystacks.length && found.length < SEARCH_MAX; i++) {
      if (haystacks[i].indexOf(q) >= 0 && !isFiltered(i)) found.push(data.nodes[i].id);
    }
    return found;
  }

  function renderResults() {
    clear(results);
    if (!search.value.trim()) {
      results.hidden = true;
      return;
    }
    var found = findNodes(search.value);
    if (found.length === 0) results.appendChild(el("li", "empty", "No match"));
    found.forEach(function (id) {
      var record = recordOf.get(id);
      var item = el("li", null,
        el("span", "result-title", clip(name(id), 120)),
        el("span", "result-url", nodeOf.get(id).key));
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();
        focusNode(id);
      });
      results.appendChild(item);
    });
    results.hidden = false;
  }
  search.addEventListener("input", renderResults);
  search.addEventListener("focus", renderResults);
  search.addEventListener("blur", function () { results.hidden = true; });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = findNodes(search.value);
      if (found.length) focusNode(found[0]);
    } else if (event.key === "Escape") {
      results.hidden = true;
    }
  });

  // --- filters ----------------------------------------------------------------------------
  var outletFilter = document.getElementById("outlet-filter");
  var kindFilter = document.getElementById("kind-filter");

  function counted(values) {
    var counts = new Map();
    values.forEach(function (v) { counts.set(v, (counts.get(v) || 0) + 1); });
    return Array.from(counts.entries()).sort(function (a, b) {
      return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    });
  }
  function fillSelect(select, allLabel, entries) {
    select.appendChild(new Option(allLabel, ""));
    entries.forEach(function (entry) {
      select.appendChild(new Option(clip(entry[0] || "(none)", 60) + " (" + entry[1] + ")", entry[0]));
    });
  }
  fillSelect(outletFilter, "All outlets", counted(data.documents.map(function (r) { return r.outlet; })));
  fillSelect(kindFilter, "All kinds", counted(data.documents.map(function (r) { return r.kind; })));

  function outletNeighbours(outlet) {
    // Outlet view: an outlet with the outlets it takes from and the ones that use it.
    var id = idOfKey.get(outlet);
    var keep = new Set([id]);
    (sources.get(id) || []).forEach(function (other) { keep.add(other); });
    (users.get(id) || []).forEach(function (other) { keep.add(other); });
    return keep;
  }
  var keepOutlets = null;

  function isFiltered(index) {
    if (outletMode) return keepOutlets !== null && !keepOutlets.has(data.nodes[index].id);
    var record = data.documents[index];
    return (state.outlet !== "" && record.outlet !== state.outlet) || (state.kind !== "" && record.kind !== state.kind);
  }

  function applyFilters() {
    state.outlet = outletFilter.value;
    state.kind = kindFilter.value;
    keepOutlets = outletMode && state.outlet ? outletNeighbours(state.outlet) : null;
    var hidden = new Set();
    nodes.update(data.nodes.map(function (node, i) {
      var off = isFiltered(i);
      if (off) hidden.add(node.id);
      return { id: node.id, hidden: off };
    }));
    edges.update(data.edges.map(function (edge) {
      return { id: edge.id, hidden: hidden.has(edge.from) || hidden.has(edge.to) };
    }));
    summarise(data.nodes.length - hidden.size);
    if (hidden.size === 0) fitAll();
    else if (hidden.size < data.nodes.length) {
      var shown = data.nodes.filter(function (node) { return !hidden.has(node.id); });
      fitNodes(shown.map(function (node) { return node.id; }), MAX_FOCUS_SCALE);
    }
    if (search.value.trim() && document.activeElement === search) renderResults();
  }
  outletFilter.addEventListener("change", applyFilters);
  kindFilter.addEventListener("change", applyFilters);

  // --- legend and summary -----------------------------------------------------------------
  function legend() {
    var roleCounts = new Map(counted(data.documents.map(function (r) { return r.role; })));
    var roles = document.getElementById("legend-roles");
    data.legend.roles.forEach(function (entry) {
      var swatch = el("span", "swatch");
      swatch.style.backgroundColor = entry[1];
      roles.appendChild(el("li", null, swatch, entry[0], el("span", "count", String(roleCounts.get(entry[0]) || 0))));
    });
    var kindCounts = new Map(counted(data.links.map(function (l) { return l.kind; })));
    var lines = document.getElementById("legend-edges");
    data.legend.edges.forEach(function (entry) {
      var line = el("span", entry.dashed ? "line dashed" : "line");
      line.style.borderTopColor = entry.color;
      lines.appendChild(el("li", null, line, (entry.label || entry.kind) + " →", el("span", "count", String(kindCounts.get(entry.kind) || 0))));
    });
    lines.appendChild(el("li", "hint", "Arrows point the way information flowed: from the source to the page that used it."));
    if (outletMode) lines.appendChild(el("li", "hint", "An outlet edge stands for every link between two outlets; it is drawn as the kind most of them are."));
    var stops = data.documents.filter(function (r) { return r.stopped && r.stopped.length; }).length;
    if (!outletMode) lines.appendChild(el("li", "stop-legend", el("span", "stop-mark", data.stop_mark), "where a trace stopped without a source (reason under the label)", el("span", "count", String(stops))));
    var statusCounts = new Map(counted(data.claims.map(function (c) { return c.status; })));
    var statuses = document.getElementById("legend-statuses");
    data.statuses.forEach(function (entry) {
      statuses.appendChild(el("li", null, badge(entry.status), el("span", "count", String(statusCounts.get(entry.status) || 0))));
    });
  }

  function summarise(shown) {
    var total = data.nodes.length;
    var text = (shown === total ? total : shown + " of " + total) + (outletMode ? " outlets" : " documents");
    text += " · " + data.edges.length + " links";
    if (!outletMode) text += " · " + data.claims.length + " claims";
    document.getElementById("summary").textContent = text;
  }

  document.getElementById("reset").addEventListener("click", function () {
    clearClaim();
    outletFilter.value = "";
    kindFilter.value = "";
    search.value = "";
    results.hidden = true;
    applyFilters();
    network.unselectAll();
    showNothing();
  });

  legend();
  summarise(data.nodes.length);
  fitAll();
  network.once("afterDrawing", function () {
    // Labels are measured by the first drawing: fit again, then say the view is ready.
    fitAll();
    network.once("afterDrawing", function () { document.body.dataset.ready = "true"; });
    network.redraw();
  });

  window.provenanceView = Object.freeze({
    network: network,
    nodes: nodes,
    edges: edges,
    state: state,
    selectClaim: selectClaim,
    clearClaim: clearClaim,
    // These take the graph's own node keys (URLs, or outlets in the outlet view).
    idOf: function (key) { return idOfKey.get(key); },
    drawer: drawer,
    showNode: function (key) { if (idOfKey.has(key)) showNode(idOfKey.get(key)); },
  });
})();
