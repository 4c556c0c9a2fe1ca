/* Operator site form: pick the position on a map; the latitude/longitude fields stay the truth
   (the map only writes into them, and follows them when they are typed). Works without tiles. */
(function () {
  "use strict";
  var box = document.getElementById("site-map");
  if (!box || typeof L === "undefined") { return; }
  var lat = document.getElementById("lat"), lon = document.getElementById("lon");
  function here() {
    var a = parseFloat(lat.value), b = parseFloat(lon.value);
    return isFinite(a) && isFinite(b) ? [a, b] : null;
  }
  var start = here() || [55.75, 37.62];
  var map = L.map(box).setView(start, here() ? 13 : 4);
  if (box.dataset.tiles) { L.tileLayer(box.dataset.tiles, {maxZoom: 18}).addTo(map); }
  var marker = L.marker(start, {draggable: true, keyboard: true, title: "Site position"}).addTo(map);
  function write(point) {
    lat.value = point.lat.toFixed(6);
    lon.value = point.lng.toFixed(6);
  }
  map.on("click", function (event) { marker.setLatLng(event.latlng); write(event.latlng); });
  marker.on("dragend", function () { write(marker.getLatLng()); });
  function follow() { var p = here(); if (p) { marker.setLatLng(p); map.panTo(p); } }
  lat.addEventListener("change", follow);
  lon.addEventListener("change", follow);
}());
