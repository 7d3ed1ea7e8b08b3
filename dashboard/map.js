/* Draws the dashboard's layers on a Leaflet map from one compact payload built by
 * dashboard/map.py. Appended to Leaflet and its cluster plugin in
 * /app/static/vendor/syriamap.bundle.js (written at start-up by dashboard/assets.py),
 * so the per-render script sent through streamlit-folium stays small.
 *
 * Every string in the payload that reaches the page as HTML (popups, labels,
 * legend) was escaped on the server; names set here go through textContent. */
(function () {
  "use strict";

  // Shapes as regular polygons: [corners, rotation in degrees]; "circle" is an arc.
  var SHAPES = {
    triangle: [3, -90],
    "triangle-down": [3, 90],
    square: [4, 45],
    diamond: [4, 0],
    hexagon: [6, 0]
  };

  // Canvas drawing of a shaped point marker (Leaflet only draws circles).
  L.Canvas.include({
    _updateShapeMarker: function (layer) {
      if (!this._drawing || layer._empty()) { return; }
      var p = layer._point, ctx = this._ctx, r = Math.max(Math.round(layer._radius), 1);
      var shape = SHAPES[layer.options.shape];
      ctx.beginPath();
      if (!shape) {
        ctx.arc(p.x, p.y, r, 0, Math.PI * 2, false);
      } else {
        var rot = shape[1] * Math.PI / 180, rr = r * 1.3;
        for (var i = 0; i < shape[0]; i++) {
          var a = rot + i * 2 * Math.PI / shape[0];
          var x = p.x + rr * Math.cos(a), y = p.y + rr * Math.sin(a);
          if (i === 0) { ctx.moveTo(x, y); } else { ctx.lineTo(x, y); }
        }
        ctx.closePath();
      }
      this._fillStroke(ctx, layer);
    }
  });

  var ShapeMarker = L.CircleMarker.extend({
    _updatePath: function () {
      if (this._renderer._updateShapeMarker) { this._renderer._updateShapeMarker(this); }
      else { this._renderer._updateCircle(this); }
    }
  });

  function markerCount(m) { return m.options.count || 1; }

  function clusterIcon(cluster) {
    var n = 0;
    cluster.getAllChildMarkers().forEach(function (m) { n += markerCount(m); });
    var size = n < 10 ? "small" : (n < 100 ? "medium" : "large");
    var div = document.createElement("div");
    var span = document.createElement("span");
    span.textContent = n >= 10000 ? Math.round(n / 1000) + "k" : String(n);
    div.appendChild(span);
    div.setAttribute("data-count", String(n));
    return L.divIcon({ html: div.outerHTML, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
  }

  function radiusFor(count, base) {
    return count > 1 ? Math.min(base + 2.2 * Math.log2(count), 26) : base;
  }

  function rampColor(value, max) {
    // light yellow -> dark red, on a log scale so one busy governorate does not flatten the rest
    if (!value) { return null; }
    var t = max > 1 ? Math.log(1 + value) / Math.log(1 + max) : 1;
    var stops = [[255, 237, 160], [254, 178, 76], [240, 59, 32], [128, 0, 38]];
    var x = t * (stops.length - 1), i = Math.min(Math.floor(x), stops.length - 2), f = x - i;
    var c = [0, 1, 2].map(function (k) { return Math.round(stops[i][k] + f * (stops[i + 1][k] - stops[i][k])); });
    return "rgb(" + c.join(",") + ")";
  }

  // -- popups and tooltips: built as DOM nodes with textContent, so any text of an
  // article (e.g. "<script>") shows as text and never runs
  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  var ARABIC = /[\u0600-\u06FF]/;

  function textDir(text) { return ARABIC.test(text || "") ? { dir: "rtl" } : {}; }

  function row(table, label, value) {
    if (value === null || value === undefined || value === "") { return; }
    var tr = el("tr");
    tr.appendChild(el("td")).appendChild(el("b", label));
    var td = tr.appendChild(el("td"));
    if (value instanceof Node) { td.appendChild(value); } else { td.textContent = String(value); }
    table.appendChild(tr);
  }

  function place(name, nameAr, extra) {
    var span = el("span", name || "");
    if (nameAr) { span.appendChild(document.createTextNode(" ")); span.appendChild(el("span", nameAr, { dir: "rtl" })); }
    if (extra) { span.appendChild(document.createTextNode(" \u00b7 " + extra)); }
    return span;
  }

  var PRECISION = { 1: "exact place", 2: "near / part of the place", 3: "area only" };

  function eventPopup(p) {
    // p = [date, type, sub-type, actors, fatalities, place, place_ar, admin, precision,
    //      claimed by, source, sentence, place as written, url, notes]
    var div = el("div", null, { "class": "syriamap-popup" }), table = el("table");
    row(table, "Date", p[0]);
    row(table, "Type", p[2] ? p[1] + " \u00b7 " + p[2] : p[1]);
    row(table, "Actors", p[3]);
    row(table, "Fatalities", p[4]);
    row(table, "Place", place(p[5], p[6], p[7]));
    row(table, "Precision", p[8] ? p[8] + " " + (PRECISION[p[8]] || "") : "");
    row(table, "Claimed by", p[9]);
    row(table, "Source", p[10]);
    div.appendChild(table);
    var sentence = p[11] || "", surface = p[12] || "";
    if (sentence) {
      var box = div.appendChild(el("div", null, Object.assign({ "class": "sentence" }, textDir(sentence))));
      var at = surface ? sentence.indexOf(surface) : -1;
      if (at >= 0) {  // the place highlighted where the sentence names it
        box.appendChild(document.createTextNode(sentence.slice(0, at)));
        box.appendChild(el("mark", surface));
        box.appendChild(document.createTextNode(sentence.slice(at + surface.length)));
      } else {
        box.textContent = sentence;
      }
    } else if (p[14]) {
      div.appendChild(el("div", p[14], { "class": "sentence" }));
    }
    if (/^https?:\/\//i.test(p[13] || "")) {
      div.appendChild(el("div")).appendChild(
        el("a", "open the article", { href: p[13], target: "_blank", rel: "noopener noreferrer" }));
    }
    return div;
  }

  function aggregatePopup(a, count, area, types) {
    // a = [place, place_ar, other places, first date, last date, fatalities, [[type index, count], ...]]
    var div = el("div", null, { "class": "syriamap-popup" });
    var head = div.appendChild(el("div"));
    head.appendChild(el("b", count + " events"));
    head.appendChild(document.createTextNode(" at "));
    head.appendChild(place(a[0], a[1], a[2] ? "and " + a[2] + " more places" : ""));
    div.appendChild(el("div", a[3] + " to " + a[4] + ", " + a[5] + " fatalities" + (area ? " (area only)" : "")));
    var table = div.appendChild(el("table"));
    a[6].forEach(function (tc) { row(table, (types[tc[0]] || ["", "", "Other"])[2], tc[1]); });
    div.appendChild(el("i", "One marker per place or map cell: narrow the filters (dates, governorate, district) to see single events."));
    return div;
  }

  function eventLayers(map, data, renderer) {
    var clustered = L.markerClusterGroup({
      maxClusterRadius: 45,
      disableClusteringAtZoom: 12,
      chunkedLoading: true,
      showCoverageOnHover: false,
      iconCreateFunction: clusterIcon
    });
    var area = L.layerGroup();
    var points = [], areaPoints = [], total = 0;
    data.events.forEach(function (e) {
      // e = [lat, lon, type index, area-only (0/1), count, event fields or place summary]
      var style = data.types[e[2]] || data.other;
      var count = e[4];
      total += count;
      var opts = {
        renderer: renderer, count: count, shape: e[3] ? "circle" : style[1], color: style[0],
        weight: 1, radius: radiusFor(count, e[3] ? 11 : 6)
      };
      if (e[3]) {
        // area-only (precision 3): hollow dashed circle, never drawn like an exact point
        opts.fill = false; opts.dashArray = "4 4"; opts.weight = 2;
      } else {
        opts.fillColor = style[0]; opts.fillOpacity = 0.8; opts.color = "#222";
      }
      var m = new ShapeMarker([e[0], e[1]], opts), info = e[5];
      if (data.mode === "points") {
        m.bindPopup(function () { return eventPopup(info); }, { maxWidth: 420 });
        m.bindTooltip(function () { return el("span", info[0] + " " + (info[5] || "")); });
      } else {
        m.bindPopup(function () { return aggregatePopup(info, count, e[3], data.types); }, { maxWidth: 420 });
        m.bindTooltip(function () { return el("span", count + " events: " + (info[0] || "")); });
      }
      (e[3] ? areaPoints : points).push(m);
    });
    clustered.addLayers(points);
    areaPoints.forEach(function (m) { area.addLayer(m); });
    return { clustered: clustered, area: area, total: total, markers: points.length + areaPoints.length };
  }

  function boundaryLayer(geojson, style, counts, label) {
    var max = 0;
    if (counts) { Object.keys(counts).forEach(function (k) { max = Math.max(max, counts[k]); }); }
    return L.geoJSON(geojson, {
      interactive: !!counts,
      style: function (f) {
        var fill = counts ? rampColor(counts[f.properties.pcode] || 0, max) : null;
        return Object.assign({}, style, fill ? { fillColor: fill, fillOpacity: 0.45 } : {});
      },
      onEachFeature: counts ? function (f, layer) {
        var n = counts[f.properties.pcode] || 0;
        layer.bindTooltip(function () {
          return el("span", f.properties.name + " " + f.properties.name_ar + ": " + n + " " + label);
        }, { sticky: true });
      } : null
    });
  }

  function labelLayer(labels) {
    var group = L.layerGroup();
    labels.forEach(function (l) {
      // l = [lat, lon, text, rank]; rank 1 = governorate, 2 = town
      var span = document.createElement("span");
      span.textContent = l[2];
      group.addLayer(L.marker([l[0], l[1]], {
        interactive: false, keyboard: false,
        icon: L.divIcon({ className: "syriamap-label syriamap-label-" + l[3], html: span.outerHTML, iconSize: null })
      }));
    });
    return group;
  }

  function heatLayer(cells, size, renderer) {
    var group = L.layerGroup(), max = 0;
    cells.forEach(function (c) { max = Math.max(max, c[2]); });
    cells.forEach(function (c) {
      group.addLayer(L.rectangle([[c[0], c[1]], [c[0] + size, c[1] + size]], {
        renderer: renderer, stroke: false, fillColor: rampColor(c[2], max), fillOpacity: 0.7, interactive: false
      }));
    });
    return group;
  }

  // The map is built once per page (base layers, from the map's own script) and
  // updated in place on every filter change (from streamlit-folium's dynamic feature
  // group), so a filter change neither reloads the iframe nor resends the boundaries.
  var state = { map: null, data: null, renderer: null, tiles: {}, dynamic: [], controls: [], visible: {} };

  function drawDynamic(data) {
    var map = state.map, base = state.data, overlays = {}, renderer = state.renderer;
    var named = {};
    if (base.governorates) {
      named["Governorates (events per governorate)"] = boundaryLayer(
        base.governorates, { color: "#555", weight: 1.2, fill: true, fillOpacity: 0 }, data.gov_counts, "events");
    }
    if (base.districts) {
      named["Districts"] = state.districts;
    }
    if (data.heat && data.heat.length) {
      named["Heat map (events per " + data.heat_size + "° cell)"] = heatLayer(data.heat, data.heat_size, renderer);
    }
    var ev = eventLayers(map, data, renderer);
    named["Events"] = ev.clustered;
    named["Area-only events (precision 3)"] = ev.area;
    if (state.labels) { named["Place labels"] = state.labels; }
    var defaults = { "Districts": false };
    Object.keys(named).forEach(function (name) {
      var key = name.split(" (")[0];
      var on = key in state.visible ? state.visible[key] : (defaults[key] !== false && key !== "Heat map");
      if (on) { named[name].addTo(map); } else if (map.hasLayer(named[name])) { map.removeLayer(named[name]); }
      overlays[name] = named[name];
      if (named[name] !== state.districts && named[name] !== state.labels) { state.dynamic.push(named[name]); }
      state.named = state.named || {};
      state.named[key] = named[name];
    });
    if (state.labels) { state.labels.bringToFront && state.labels.bringToFront(); }
    state.controls.push(L.control.layers(state.tiles, overlays, { collapsed: false, position: "topright" }).addTo(map));

    // What the map shows, readable by people (a caption) and by tests (data attributes).
    var container = map.getContainer();
    container.setAttribute("data-events-drawn", String(ev.total));
    container.setAttribute("data-markers-drawn", String(ev.markers));
    container.setAttribute("data-map-mode", data.mode);
    // when this drawing reached the screen (the canvas redraws on the next animation
    // frame): the benchmark reads it, as a test's polling of the frame lags behind
    requestAnimationFrame(function () { container.setAttribute("data-drawn-at", String(Date.now())); });
    var info = L.control({ position: "bottomleft" });
    info.onAdd = function () {
      var div = L.DomUtil.create("div", "syriamap-info");
      div.textContent = data.caption;
      return div;
    };
    state.controls.push(info.addTo(map));
    if (data.legend) {
      var legend = L.control({ position: "bottomright" });
      legend.onAdd = function () {
        var div = L.DomUtil.create("div", "syriamap-legend");
        div.innerHTML = data.legend;  // built and escaped on the server
        return div;
      };
      state.controls.push(legend.addTo(map));
    }
    window.syriamapEvents = ev;
    return ev;
  }

  window.SyriaMap = {
    base: function (map, data) {
      state.map = map;
      state.data = data;
      state.renderer = L.canvas({ padding: 0.3 });
      map.getContainer().style.background = "#eef2f3";
      if (data.tiles) {
        state.tiles["OpenStreetMap (needs the internet)"] = L.tileLayer(data.tiles.url, {
          attribution: data.tiles.attribution, maxZoom: 18
        }).addTo(map);
      }
      state.tiles["No tiles (offline)"] = L.layerGroup();
      if (!data.tiles) { state.tiles["No tiles (offline)"].addTo(map); }
      if (data.outline) {
        L.geoJSON(data.outline, { interactive: false, style: { color: "#333", weight: 2.5, fill: true, fillColor: "#fbfaf6", fillOpacity: 0.6 } }).addTo(map);
      }
      if (data.districts) {
        state.districts = boundaryLayer(data.districts, { color: "#888", weight: 0.7, dashArray: "3 3", fill: false }, null, "");
      }
      if (data.labels && data.labels.length) { state.labels = labelLayer(data.labels); }
      // town labels only once zoomed in, so the country view stays readable
      var zoomClass = function () {
        L.DomUtil[map.getZoom() < 8 ? "addClass" : "removeClass"](map.getContainer(), "syriamap-lowzoom");
      };
      map.on("zoomend", zoomClass);
      zoomClass();
    },
    update: function (data) {
      var map = state.map;
      if (!map) { return null; }
      if (state.named) {  // keep the analyst's choice of layers across filter changes
        Object.keys(state.named).forEach(function (key) { state.visible[key] = map.hasLayer(state.named[key]); });
      }
      state.dynamic.forEach(function (layer) { map.removeLayer(layer); });
      state.controls.forEach(function (control) { map.removeControl(control); });
      state.dynamic = [];
      state.controls = [];
      map.closePopup();
      var ev = drawDynamic(data);
      if (!state.reported) {
        // tell the page the map is drawn (the Streamlit component protocol, as
        // streamlit-component-lib sends it): app.py then sends the rest of the page
        state.reported = true;
        window.parent.postMessage({ isStreamlitMessage: true, type: "streamlit:setComponentValue",
                                    value: { drawn: ev.total }, dataType: "json" }, "*");
      }
      return ev;
    }
  };
})();
