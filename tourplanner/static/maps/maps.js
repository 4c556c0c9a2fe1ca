/* Behaviour of tourplanner's folium maps (tourplanner/exports/maps.py), linked like a vendored file.

   folium writes each map as a short inline script that calls these functions; everything else lives
   here, so pages and the offline trip pack share one copy and a strict CSP only has to allow the
   calls. Why each part exists:
   - setup: the offline basemap under the tiles, popup/tooltip manners, and accessibility: every
     marker (and cluster) gets an accessible name, route lines leave the keyboard's tab order.
   - stops: visits, rocket pins and hotels live in one cluster group so markers never hide each
     other; a cluster shows the numbers it holds. Hiding a day in the day list hides its stops too.
   - legend: the key, "Zoom to" buttons and the initial fit above the bottom controls. */
var tpMaps = (function () {
  "use strict";

  function text(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  /* Labels come HTML-escaped from maps.py (data never reaches a script unescaped): back to text. */
  var decoder = document.createElement("textarea");
  function decode(value) {
    decoder.innerHTML = value;
    return decoder.value;
  }

  function stopsOf(cluster) {
    return cluster.getAllChildMarkers().map(function (m) { return m.options; }).sort(function (a, b) {
      return (a.tpOrder || 0) - (b.tpOrder || 0);
    });
  }

  // The page's words (maps.py passes them in the page's language); English when none were given.
  var WORDS = {
    stops: "Stops {numbers} close together: {names}. Select to show them apart.",
    places: "{count} places close together: {names}. Select to show them apart.",
    zoom: "Zoom to", days: "Days: show or hide", map: "Map",
    borders: "Borders: Natural Earth", rivers: "Rivers: GSHHG",
    placeNames: "Places: {geonames} (CC BY 4.0)"
  };

  var GEONAMES = '<a href="https://www.geonames.org/">GeoNames</a>';  // here, not in the page: no external URL there

  function say(key, values) {
    return WORDS[key].replace(/\{(\w+)\}/g, function (_, name) { return String(values[name]); });
  }

  function clusterLabel(cluster) {
    // The numbers the cluster shows come first, as they are seen (a name must contain the visible text).
    var stops = stopsOf(cluster);
    var names = stops.map(function (o) { return decode(o.tpLabel || ""); }).filter(Boolean);
    var numbers = stops.filter(function (o) { return o.tpNumber; }).map(function (o) { return o.tpNumber; });
    return numbers.length ? say("stops", {numbers: numbers.join(" "), names: names.join("; ")})
      : say("places", {count: names.length, names: names.join("; ")});
  }

  /* A cluster shows what it holds: the visit numbers in their day colours, a rocket, a bed. */
  function clusterIcon(cluster) {
    var html = stopsOf(cluster).map(function (o) {
      if (o.tpNumber) {
        return '<span class="tp-num tp-num-small" style="background:' + text(o.tpColour || "#555") + '">' +
          text(o.tpNumber) + "</span>";
      }
      var icon = o.tpKind === "base" ? "bed" : "rocket";
      return '<span class="tp-num tp-num-small tp-cluster-' + text(o.tpKind || "stop") + '">' +
        '<i class="fa fa-' + icon + '"></i></span>';
    }).join(" ");
    return L.divIcon({html: '<div class="tp-cluster">' + html + "</div>", className: "tp-cluster-icon",
                      iconSize: L.point(0, 0)});
  }

  function name(layer) {
    var el = layer.getElement && layer.getElement();
    if (!el) { return; }
    if (layer instanceof L.Marker) {
      var label = layer.getChildCount ? clusterLabel(layer) : decode(layer.options.tpLabel || "");
      if (label) { el.setAttribute("aria-label", label); }
      if (layer.getChildCount) { el.setAttribute("role", "button"); }
    } else if (layer instanceof L.Path) {
      // Lines repeat what the markers and the day list say: keep them out of the tab order.
      el.setAttribute("tabindex", "-1");
      el.setAttribute("aria-hidden", "true");
    }
  }

  function basemap(map, url) {
    var pane = map.createPane("tp-basemap");
    pane.style.zIndex = 150;
    pane.style.pointerEvents = "none";
    function draw(data) {
      L.geoJSON(data, {
        pane: "tp-basemap", interactive: false, renderer: L.canvas({pane: "tp-basemap", padding: 0.5}),
        attribution: WORDS.borders,
        style: {color: "#b8bcc2", weight: 0.8, fillColor: "#e9eaec", fillOpacity: 1}
      }).addTo(map);
    }
    if (window.tpBasemapData) { draw(window.tpBasemapData); return; }
    fetch(url)
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(draw)
      .catch(function (err) { console.warn("tourplanner: basemap unavailable", err); });
  }

  /* Rivers and built-up areas near the sites (tools/vendor_detail.py), at regional zoom: without tiles
     they show the Moskva's course, the Syr Darya by Baikonur and where town ends. The rivers are
     generalised (World Data Bank II, 1:3M: 0.1 to 0.8 km off in Moscow, 2.5 km where they cut the bend
     by the Kremlin), so past zoom 12 they would mislead more than guide and are taken away. Drawn in a
     pane of their own above the countries (whichever file arrives first), below the tiles. */
  var DETAIL_ZOOMS = [8, 12];
  function detail(map, url) {
    if (!url && !window.tpDetailData) { return; }
    var pane = map.createPane("tp-detail");
    pane.style.zIndex = 160;
    pane.style.pointerEvents = "none";
    function draw(data) {
      var layer = L.geoJSON(data, {
        pane: "tp-detail", interactive: false, renderer: L.canvas({pane: "tp-detail", padding: 0.5}),
        attribution: data.attribution ? WORDS.rivers : "",
        style: function (f) {
          return f.properties.kind === "river"
            ? {color: "#7fa9d6", weight: 2.5, opacity: 1, fill: false}
            : {color: "#d9cdb8", weight: 1, fillColor: "#f3ecdf", fillOpacity: 1};
        }
      });
      function toggle() {
        var z = map.getZoom();
        if (z >= DETAIL_ZOOMS[0] && z <= DETAIL_ZOOMS[1]) { layer.addTo(map); } else { layer.remove(); }
      }
      map.on("zoomend", toggle);
      toggle();
    }
    if (window.tpDetailData) { draw(window.tpDetailData); return; }
    fetch(url)
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(draw)
      .catch(function (err) { console.warn("tourplanner: rivers and towns unavailable", err); });
  }

  /* Names of towns and districts (GeoNames) under everything, from city zoom on: without tiles they
     are what tells "Ostankinskiy" (by VDNKh) from "Tverskoy" (by the Kremlin). Decoration for the eye:
     hidden from screen readers, never in the tab order. */
  var PLACES_FROM_ZOOM = 9;
  function places(map, url) {
    if (!url && !window.tpPlacesData) { return; }
    var pane = map.createPane("tp-places");  // above rivers and towns, below the tiles
    pane.style.zIndex = 170;
    pane.style.pointerEvents = "none";
    var layer;
    function draw(data) {
      // Credited while the names show (a phone's narrow map has no room for a longer line otherwise).
      layer = L.layerGroup([], {attribution: data.attribution ? say("placeNames", {geonames: GEONAMES}) : ""});
      (data.places || []).forEach(function (p) {
        L.marker([p[1], p[2]], {pane: "tp-places", interactive: false, keyboard: false,
                                icon: L.divIcon({className: "tp-place", html: text(p[0]), iconSize: null})})
          .on("add", function (e) { e.target.getElement().setAttribute("aria-hidden", "true"); })
          .addTo(layer);
      });
      // Names that would print over each other: the first one listed stays, the others wait for a zoom.
      function declutter() {
        var kept = [];
        layer.eachLayer(function (m) {
          var el = m.getElement();
          if (!el) { return; }
          el.style.visibility = "";
          var r = el.getBoundingClientRect();
          var clash = kept.some(function (k) {
            return !(r.right < k.left || r.left > k.right || r.bottom < k.top || r.top > k.bottom);
          });
          if (clash) { el.style.visibility = "hidden"; } else { kept.push(r); }
        });
      }
      function toggle() {
        if (map.getZoom() >= PLACES_FROM_ZOOM) { layer.addTo(map); declutter(); } else { layer.remove(); }
      }
      map.on("zoomend", toggle);
      toggle();
    }
    if (window.tpPlacesData) { draw(window.tpPlacesData); return; }
    fetch(url)
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(draw)
      .catch(function (err) { console.warn("tourplanner: place names unavailable", err); });
  }

  function setup(map, options) {
    L.DomUtil.addClass(map.getContainer(), "tp-map");
    Object.keys(options.words || {}).forEach(function (k) { WORDS[k] = options.words[k]; });
    map.getContainer().setAttribute("aria-label", options.label || WORDS.map);
    map.getContainer().setAttribute("role", "application");
    // A popup and its marker's tooltip say the same: no tooltip while the popup is open.
    function quiet(source) {
      setTimeout(function () {
        if (source && source.isPopupOpen && source.isPopupOpen()) { source.closeTooltip(); }
      }, 0);
    }
    map.on("popupopen", function (e) { quiet(e.popup._source); });
    map.on("tooltipopen", function (e) { quiet(e.tooltip._source); });
    map.on("layeradd", function (e) { name(e.layer); setTimeout(function () { name(e.layer); }, 0); });
    map.eachLayer(name);
    basemap(map, options.basemap);
    detail(map, options.detail);
    places(map, options.places);
  }

  /* Stops of the days: one cluster group; a day hidden in the day list takes its stops along. */
  function stops(map, cluster, days) {
    api.clusters.push(cluster);
    days.forEach(function (pair) { pair[0].tpDay = pair[1]; });
    function ofDay(day) {
      return (cluster.tpAll || []).filter(function (m) { return m.options.tpDay === day; });
    }
    cluster.tpAll = cluster.getLayers();
    map.on("overlayadd", function (e) {
      if (e.layer.tpDay !== undefined) { cluster.addLayers(ofDay(e.layer.tpDay)); }
    });
    map.on("overlayremove", function (e) {
      if (e.layer.tpDay !== undefined) { cluster.removeLayers(ofDay(e.layer.tpDay)); }
    });
    cluster.on("animationend spiderfied unspiderfied", function () { cluster.eachLayer(name); });
  }

  function fit(map, bounds, animate) {
    var bottom = 0, height = map.getSize().y;
    map.getContainer().querySelectorAll(".leaflet-bottom .leaflet-control").forEach(
      function (c) { bottom = Math.max(bottom, c.offsetHeight); });
    map.fitBounds(bounds, {paddingTopLeft: [50, 30],
                           paddingBottomRight: [30, Math.min(bottom + 20, height * 0.45)],
                           maxZoom: 13, animate: animate});
  }

  function legend(map, options) {
    var control = L.control({position: "bottomleft"});
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "tp-legend leaflet-control-layers");
      div.innerHTML = options.html;  // built from escaped parts in maps.py
      var details = div.querySelector("details"), zooms = options.zooms || [];
      // Open the key only where it leaves room for the map; it stays one click away.
      if (details) { details.open = map.getSize().y >= 820 && map.getSize().x >= 800; }
      if (zooms.length > 1) {
        var row = L.DomUtil.create("div", "tp-zoom", div);
        L.DomUtil.create("span", "", row).textContent = WORDS.zoom;
        zooms.forEach(function (z) {
          var b = L.DomUtil.create("button", "", row);
          b.type = "button";
          b.textContent = z[0];
          L.DomEvent.on(b, "click", function () { fit(map, z[1], true); });
        });
      }
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    control.addTo(map);
    // The day list (Leaflet's layer control) opens from a button named for what it holds.
    map.getContainer().querySelectorAll(".leaflet-control-layers-toggle").forEach(function (a) {
      a.title = WORDS.days;
      a.setAttribute("aria-label", WORDS.days);
    });
    if (options.bounds) { fit(map, options.bounds, false); }  // no animation on load: it swallows clicks
  }

  var api = {setup: setup, stops: stops, legend: legend, clusterIcon: clusterIcon, fit: fit, clusters: []};
  return api;
})();
