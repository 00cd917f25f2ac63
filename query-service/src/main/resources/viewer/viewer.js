// The Isobar viewer: one page, no build step. Every data call sends the key in the x-api-key header; the key comes
// from the URL fragment (#key=..., never sent to the server) or a form, and is kept in this tab's sessionStorage.
// Values are converted by the API (units=); the page only chooses the units and formats what it is given.
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('config').textContent);
  const $ = (id) => document.getElementById(id);
  const state = {
    key: null, model: null, variable: null, run: 'latest', level: null, member: '',
    runFiles: [], times: [], timeIndex: 0, frame: null, overlay: null, point: null,
    status: null, lastEventId: null, mapRequest: null, listener: 0,
  };

  // ---- how things are written: one time format (UTC, ISO-like) and 3 significant digits everywhere ----
  /** 2026-12-06T01:00:00Z -> "2026-12-06 01:00Z": the slider, the table, the chart's axis and the notes. */
  function fmtTime(iso) {
    return iso ? iso.slice(0, 10) + ' ' + iso.slice(11, 16) + 'Z' : '–';
  }
  function fmtEpoch(seconds) {
    return fmtTime(new Date(seconds * 1000).toISOString());
  }
  /** 3 significant digits (whole numbers from 1000 up): 3.82, 12.3, 0.504, 1013. */
  function fmtValue(v) {
    if (v == null || !isFinite(v)) { return '–'; }
    return Math.abs(v) >= 1000 ? String(Math.round(v)) : String(Number(v.toPrecision(3)));
  }
  const UNIT_LABELS = { degC: '°C', degF: '°F', 'm s-1': 'm/s' };
  const unitLabel = (u) => UNIT_LABELS[u] || u || '';

  /**
   * The units people use for a variable, the first being the default: degrees Celsius for temperature, mph for wind,
   * mm/h for rain, hPa for pressure; the choice is kept in localStorage per quantity.
   */
  function unitChoices(variable, fileUnits) {
    const v = variable || '';
    if (/temperature/.test(v)) { return { quantity: 'temperature', units: ['degC', 'degF', 'K'] }; }
    if (/wind/.test(v)) { return { quantity: 'wind', units: ['mph', 'km/h', 'm s-1', 'kt'] }; }
    if (/(rain|precipitation|snow).*rate/.test(v)) { return { quantity: 'rain', units: ['mm/h'] }; }
    if (fileUnits === 'Pa') { return { quantity: 'pressure', units: ['hPa', 'Pa'] }; }
    return { quantity: null, units: [fileUnits || ''] };
  }
  function chosenUnits() {
    const f = state.runFiles.find((x) => x.variable === state.variable);
    const c = unitChoices(state.variable, f && f.units);
    const saved = c.quantity && localStorage.getItem('isobar-units-' + c.quantity);
    return { choices: c, units: c.units.includes(saved) ? saved : c.units[0] };
  }

  // ---- the key ----
  function takeKey() {
    // #place=Edinburgh (with or without the key) opens on that place's time series: a link to share.
    const place = /(?:^#|&)place=([^&]+)/.exec(location.hash);
    if (place) { state.initialPlace = decodeURIComponent(place[1]); }
    const m = /(?:^#|&)key=([^&]+)/.exec(location.hash);
    if (m) {
      sessionStorage.setItem('isobar-key', decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname + location.search); // drop the key from the address bar
    }
    return sessionStorage.getItem('isobar-key');
  }

  async function api(path, as) {
    const r = await fetch(path, { headers: { 'x-api-key': state.key } });
    if (r.status === 401 || r.status === 403) {
      keyRefused(r.status);
      throw new Error('key refused');
    }
    if (!r.ok) {
      let detail = r.statusText;
      try { detail = (await r.json()).detail || detail; } catch (e) { /* not JSON */ }
      const err = new Error(detail);
      err.status = r.status;
      throw err;
    }
    return as === 'blob' ? r.blob() : as === 'text' ? r.text() : r.json();
  }

  /** A refused key stops everything that uses it (the event stream too: no retry loop) and asks for another. */
  function keyRefused(status) {
    state.listener++;
    sessionStorage.removeItem('isobar-key');
    askForKey('The key was refused (' + status + '); enter another.');
  }

  function askForKey(message) {
    $('app').hidden = true;
    $('key-form').hidden = false;
    if (message) { $('freshness').textContent = message; }
    $('key-input').focus();
  }

  $('key-form').addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('isobar-key', $('key-input').value.trim());
    $('key-input').value = '';
    start();
  });

  function showError(e) {
    $('error').textContent = e ? String(e.message || e) : '';
  }

  // ---- the map: drawn in the grid's own metres (no projection library, no reprojected picture) ----
  const useTiles = !!config.tile_url;
  const crs = useTiles ? L.CRS.EPSG3857
    : L.extend({}, L.CRS.Simple, { transformation: new L.Transformation(1 / 1000, 0, -1 / 1000, 0) });
  const map = L.map('map', { crs: crs, zoomSnap: 0.25, minZoom: useTiles ? 3 : -4, maxZoom: useTiles ? 12 : 6,
    attributionControl: useTiles, keyboard: true });
  if (useTiles) { L.tileLayer(config.tile_url, { maxZoom: 12 }).addTo(map); }
  // Lines and labels above the field's picture (both would otherwise share the overlay pane, picture on top).
  map.createPane('lines').style.zIndex = 450;
  map.createPane('labels').style.zIndex = 460;
  const frameLayer = L.layerGroup().addTo(map);
  const outlineLayer = L.layerGroup().addTo(map);
  const labelLayer = L.layerGroup().addTo(map);
  const pointLayer = L.layerGroup().addTo(map);
  let frameKey = null;

  function toMap(lat, lon, x, y) { return useTiles ? [lat, lon] : [y, x]; }
  /** A flat [x, y, x, y, ...] line in grid metres as Leaflet positions. */
  function flatLine(flat) {
    const out = [];
    for (let i = 0; i < flat.length; i += 2) { out.push([flat[i + 1], flat[i]]); }
    return out;
  }

  /** Latitude and longitude of a map position: the server's coarse table, bilinear (grid mode). */
  function toLatLon(latlng) {
    if (useTiles) { return [latlng.lat, latlng.lng]; }
    const t = state.frame.lookup;
    const fc = (latlng.lng - t.x0) / t.step, fr = (latlng.lat - t.y0) / t.step;
    const c0 = Math.max(0, Math.min(t.columns - 2, Math.floor(fc))), r0 = Math.max(0, Math.min(t.rows - 2, Math.floor(fr)));
    const wc = fc - c0, wr = fr - r0;
    const at = (a, r, c) => a[r * t.columns + c];
    const mix = (a) => (1 - wr) * ((1 - wc) * at(a, r0, c0) + wc * at(a, r0, c0 + 1)) + wr * ((1 - wc) * at(a, r0 + 1, c0) + wc * at(a, r0 + 1, c0 + 1));
    return [mix(t.latitudes), mix(t.longitudes)];
  }

  function drawFrame(frame, query) {
    const key = frame.proj4 + frame.x_min + frame.y_min;
    state.frame = frame;
    if (key === frameKey) { return; }
    frameKey = key;
    frameLayer.clearLayers();
    outlineLayer.clearLayers();
    const grid = { color: '#567', weight: 0.6, opacity: 0.6, interactive: false, pane: 'lines' };
    if (useTiles) {
      // The basemap gives the context; outline where the grid is.
      L.polygon(frame.corners, { color: '#234', weight: 1, fill: false, interactive: false }).addTo(frameLayer);
    } else {
      frame.graticule.forEach((line) => L.polyline(line.map((p) => [p[1], p[0]]), grid).addTo(frameLayer));
      L.rectangle([[frame.y_min, frame.x_min], [frame.y_max, frame.x_max]], { color: '#234', weight: 1, fill: false, interactive: false }).addTo(frameLayer);
      drawCoastlines(query, key);
    }
    const select = $('place');
    select.length = 1;
    frame.places.forEach((p) => {
      const o = document.createElement('option');
      o.value = p.name; o.textContent = p.name;
      select.appendChild(o);
    });
    if (!useTiles) {
      // The CRS draws 1 px per km at zoom 0; a grid in degrees (x longitude, y latitude) needs zooms ~17 steps closer.
      map.setMinZoom(isLatLon(frame) ? 6 : -4);
      map.setMaxZoom(isLatLon(frame) ? 19 : 6);
    }
    map.fitBounds(pictureBounds(frame));
    drawLabels();
  }

  /** Whether the frame's grid is latitude/longitude (x the longitude, y the latitude, degrees). */
  function isLatLon(frame) { return frame.proj4.indexOf('+proj=longlat') === 0; }

  /**
   * Where the picture goes: in grid mode its grid edges; over tiles, a lat/lon grid's edges (drawn in web mercator,
   * crs=EPSG:3857, between the latitudes the tiles reach) or, for a projected grid, the box of its corners.
   */
  function pictureBounds(frame) {
    if (!useTiles) { return L.latLngBounds([[frame.y_min, frame.x_min], [frame.y_max, frame.x_max]]); }
    if (!isLatLon(frame)) { return L.latLngBounds(frame.corners); }
    const limit = 85.0511287798;
    return L.latLngBounds([[Math.max(frame.y_min, -limit), frame.x_min], [Math.min(frame.y_max, limit), frame.x_max]]);
  }

  /** Coastlines and borders in the grid's metres, fetched once per grid (the same for every file on it). */
  async function drawCoastlines(query, key) {
    try {
      const lines = await api('/v1/map/coastlines.json?' + query);
      if (key !== frameKey) { return; }
      L.polyline(lines.borders.map(flatLine), { className: 'isobar-border', color: '#444', weight: 0.8, opacity: 0.8,
        dashArray: '4 3', interactive: false, pane: 'lines' }).addTo(outlineLayer);
      L.polyline(lines.coastlines.map(flatLine), { className: 'isobar-coastline', color: '#222', weight: 1.1, opacity: 0.9,
        interactive: false, pane: 'lines' }).addTo(outlineLayer);
    } catch (e) { showError(e); }
  }

  /**
   * Graticule labels where each line enters the view (latitudes at the left edge, longitudes at the bottom) and the
   * names of the places that fit without overlapping, in the gazetteer's order (largest first): a few at a glance,
   * more as you zoom in.
   */
  function drawLabels() {
    labelLayer.clearLayers();
    const f = state.frame;
    if (!f || useTiles) { return; }
    const view = map.getBounds().pad(-0.02);
    (f.graticule_labels || []).forEach((label, i) => {
      const line = f.graticule[i];
      const first = line.find((p) => view.contains([p[1], p[0]]));
      if (first) {
        L.marker([first[1], first[0]], { pane: 'labels', interactive: false, keyboard: false,
          icon: L.divIcon({ className: 'graticule-label', html: label, iconSize: null }) }).addTo(labelLayer);
      }
    });
    const taken = [];
    f.places.forEach((p) => {
      const at = toMap(p.latitude, p.longitude, p.x, p.y);
      if (!view.contains(at)) { return; }
      const pt = map.latLngToContainerPoint(at);
      const free = taken.every((q) => Math.abs(q.x - pt.x) > 90 || Math.abs(q.y - pt.y) > 22);
      L.circleMarker(at, free ? { radius: 3, color: '#222', weight: 1, fillOpacity: 0.9, pane: 'labels' }
        : { radius: 1.5, color: '#555', weight: 0.5, opacity: 0.6, fillOpacity: 0.4, pane: 'labels' })
        // Names near the right edge go to the left of their dot, so they are not cut off.
        .bindTooltip(p.name, { direction: pt.x > map.getSize().x - 130 ? 'left' : 'right', className: 'place-label',
          permanent: free, offset: pt.x > map.getSize().x - 130 ? [-4, 0] : [4, 0] })
        .on('click', (e) => { L.DomEvent.stopPropagation(e); pickPlace(p.name); })
        .addTo(labelLayer);
      if (free) { taken.push(pt); }
    });
    document.body.dataset.placeLabels = String(taken.length);
  }
  map.on('zoomend moveend', drawLabels);

  // ---- pickers ----
  function fill(select, values, label, selected) {
    select.innerHTML = '';
    values.forEach((v) => {
      const o = document.createElement('option');
      o.value = v; o.textContent = label ? label(v) : v;
      select.appendChild(o);
    });
    if (selected != null && values.map(String).includes(String(selected))) { select.value = String(selected); }
  }

  const runLabel = (r) => r === 'latest' ? 'latest' : fmtTime(r);

  async function loadModels() {
    state.status = await api('/v1/status');
    const models = state.status.models.map((m) => m.model);
    // UKV first: the deterministic high-resolution model is what most people look at.
    fill($('model'), models, null, state.model || (models.includes('ukv') ? 'ukv' : null));
    state.model = $('model').value || null;
    showFreshness();
  }

  async function loadRuns() {
    if (!state.model) { return; }
    // The newest 500 runs, newest first (a long retention holds thousands).
    const runs = (await api('/v1/runs?model=' + encodeURIComponent(state.model) + '&order=newest&limit=500')).runs.map((r) => r.forecast_reference_time);
    fill($('run'), ['latest'].concat(runs), runLabel, state.run);
    state.run = $('run').value;
  }

  function newestRun() {
    const s = state.status && state.status.models.find((m) => m.model === state.model);
    return s ? s.newest_run : null;
  }

  async function loadRunFiles(keepTime) {
    const run = state.run === 'latest' ? newestRun() : state.run;
    if (!run) { state.runFiles = []; return; }
    // The run's files come in pages: follow next_cursor to the last.
    const files = [];
    let cursor = null;
    do {
      const body = await api('/v1/runs/' + encodeURIComponent(run) + '?model=' + encodeURIComponent(state.model) + '&limit=1000'
        + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      files.push(...body.files);
      cursor = body.next_cursor;
    } while (cursor);
    state.runFiles = files;
    const variables = [...new Set(state.runFiles.map((f) => f.variable))].sort();
    fill($('variable'), variables, null, state.variable || (variables.includes('air_temperature') ? 'air_temperature' : null));
    state.variable = $('variable').value || null;
    updateTimesAndLevels(keepTime);
  }

  function updateTimesAndLevels(keepTime) {
    const files = state.runFiles.filter((f) => f.variable === state.variable);
    const previous = state.times[state.timeIndex];
    state.times = [...new Set(files.map((f) => f.time))].sort();
    const slider = $('time');
    slider.max = Math.max(0, state.times.length - 1);
    let i = keepTime && previous ? state.times.indexOf(previous) : -1;
    if (i < 0) {
      const now = Date.now();
      i = state.times.findIndex((t) => Date.parse(t) >= now);
      if (i < 0) { i = 0; }
    }
    state.timeIndex = i;
    slider.value = i;
    const levels = [...new Set(files.flatMap((f) => f.heights.map((h) => 'height=' + h).concat(f.pressures.map((p) => 'pressure=' + p))))];
    $('level-label').hidden = levels.length < 2;
    fill($('level'), levels, (l) => l.replace('height=', '').replace('pressure=', '') + (l.startsWith('height') ? ' m' : ' Pa'), state.level);
    state.level = levels.length > 1 ? $('level').value : null;
    const members = [...new Set(files.flatMap((f) => f.realizations))].sort((a, b) => a - b);
    $('member-label').hidden = members.length < 2;
    // '' is the ensemble mean (the chart's; a picture shows one member, the first, and says so).
    fill($('member'), [''].concat(members), (m) => m === '' ? 'ensemble mean' : 'member ' + m, state.member);
    state.member = members.length > 1 ? $('member').value : '';
    state.members = members;
    const u = chosenUnits();
    fill($('units'), u.choices.units, unitLabel, u.units);
    $('units-label').hidden = u.choices.units.length < 2;
    showTime();
  }

  function showTime() {
    $('time-label').textContent = state.times.length ? fmtTime(state.times[state.timeIndex]) : 'no times';
  }

  // ---- the picture ----
  function fieldQuery() {
    const q = new URLSearchParams({ variable: state.variable, time: state.times[state.timeIndex], model: state.model });
    if (state.run !== 'latest') { q.set('run', state.run); }
    if (state.level) { const [k, v] = state.level.split('='); q.set(k, v); }
    if (state.member !== '') { q.set('realization', state.member); }
    return q;
  }

  let pictureSeq = 0;
  async function showPicture() {
    if (!state.variable || !state.times.length) { return; }
    const seq = ++pictureSeq;
    const base = fieldQuery();
    const q = new URLSearchParams(base);
    q.set('units', chosenUnits().units);
    try {
      const info = await api('/v1/map.json?' + q);
      if (seq !== pictureSeq) { return; }
      drawFrame(info.grid, base.toString());
      if (useTiles && isLatLon(info.grid)) { q.set('crs', 'EPSG:3857'); }
      state.mapRequest = '/v1/map.png?' + q;
      document.body.dataset.mapRequest = state.mapRequest;
      const blob = await api(state.mapRequest, 'blob');
      if (seq !== pictureSeq) { return; }
      const url = URL.createObjectURL(blob);
      const f = state.frame;
      const bounds = pictureBounds(f);
      if (state.overlay) { URL.revokeObjectURL(state.overlay._url); state.overlay.setUrl(url); state.overlay.setBounds(L.latLngBounds(bounds)); }
      else { state.overlay = L.imageOverlay(url, bounds, { opacity: 0.85, alt: 'map picture' }).addTo(map); }
      state.overlay.getElement().id = 'map-picture';
      state.overlay.getElement().dataset.request = state.mapRequest;
      state.overlay.getElement().dataset.time = info.time;
      const p = info.palette;
      const legend = await api('/v1/map/legend.svg?variable=' + encodeURIComponent(info.variable) + '&range=' + p.min + ',' + p.max
        + '&units=' + encodeURIComponent(p.units || ''), 'blob');
      const img = $('legend-img');
      if (img.src) { URL.revokeObjectURL(img.src); }
      img.src = URL.createObjectURL(legend);
      img.alt = info.variable + ' colour scale, ' + fmtValue(p.min) + ' to ' + fmtValue(p.max) + ' ' + unitLabel(p.units);
      const ensemble = state.members && state.members.length > 1;
      $('map-note').textContent = info.model + ' ' + info.variable + ' valid ' + fmtTime(info.time) + ', run ' + runLabel(info.forecast_reference_time)
        + ' (T+' + Math.round(info.forecast_period / 3600) + ' h)'
        + (info.realization != null ? ', member ' + info.realization + (ensemble && state.member === '' ? ' (a picture shows one member; the chart shows the ensemble mean)' : '') : '')
        + (info.height != null ? ', ' + info.height + ' m' : '') + ' · indexed ' + ago(info.indexed_at)
        + (info.announced_at ? ' (' + seconds(Date.parse(info.indexed_at) - Date.parse(info.announced_at)) + ' after the Met Office announced it)' : '');
      showError(null);
    } catch (e) { if (seq === pictureSeq) { showError(e); } }
  }

  // ---- the chart ----
  let chart = null;
  function pickPlace(name) {
    $('place').value = name;
    state.point = { place: name };
    showSeries();
  }

  map.on('click', (e) => {
    if (!state.frame) { return; }
    const [lat, lon] = toLatLon(e.latlng);
    state.point = { lat: lat.toFixed(4), lon: lon.toFixed(4) };
    $('place').value = '';
    showSeries(e.latlng);
  });

  /** One point per validity time: the member's value, or with several members their mean and spread (from the API). */
  function seriesValues(entry, mean) {
    if (!mean) {
      const v = entry.values.find((x) => x.value != null);
      return { value: v ? v.value : null, lo: null, hi: null };
    }
    const stat = (name) => { const s = (entry.statistics || []).find((x) => x.statistic === name); return s ? s.value : null; };
    return { value: stat('mean'), lo: stat('min'), hi: stat('max'), members: ((entry.statistics || [])[0] || {}).members };
  }

  let seriesSeq = 0;
  async function showSeries(at) {
    if (!state.point || !state.times.length) { return; }
    const seq = ++seriesSeq;
    const q = new URLSearchParams(state.point);
    q.set('variable', state.variable);
    q.set('model', state.model);
    q.set('from', state.times[0]);
    q.set('to', state.times[state.times.length - 1]);
    q.set('units', chosenUnits().units);
    if (state.run !== 'latest') { q.set('run', state.run); }
    if (state.level) { const [k, v] = state.level.split('='); q.set(k, v); }
    const mean = state.members && state.members.length > 1 && state.member === '';
    if (mean) { q.set('stats', 'mean,min,max'); } else if (state.member !== '') { q.set('realization', state.member); }
    try {
      const s = await api('/v1/point/series?' + q.toString());
      if (seq !== seriesSeq) { return; }
      pointLayer.clearLayers();
      const where = at || toMap(s.point.latitude, s.point.longitude, s.point.x, s.point.y);
      L.circleMarker(where, { radius: 6, color: '#d00', weight: 2, fill: false, pane: 'labels' }).addTo(pointLayer);
      const xs = [], best = [], lo = [], hi = [];
      const body = $('series-table').tBodies[0];
      body.innerHTML = '';
      let members = null;
      s.series.forEach((e) => {
        const v = seriesValues(e, mean);
        members = v.members || members;
        xs.push(Date.parse(e.time) / 1000);
        best.push(v.value);
        lo.push(v.lo);
        hi.push(v.hi);
        const tr = document.createElement('tr');
        tr.dataset.time = e.time;
        tr.innerHTML = '<td></td><td class="value"></td><td></td><td></td>';
        tr.cells[0].textContent = fmtTime(e.time);
        tr.cells[1].textContent = fmtValue(v.value);
        tr.cells[2].textContent = runLabel(e.forecast_reference_time);
        tr.cells[3].textContent = v.lo != null ? fmtValue(v.lo) + '…' + fmtValue(v.hi) : '';
        body.appendChild(tr);
      });
      const what = mean ? 'ensemble mean' + (members ? ' of ' + members + ' members' : '')
        : state.member !== '' ? 'member ' + state.member : 'value';
      $('value-heading').textContent = what + ' (' + unitLabel(s.units) + ')';
      $('spread-heading').textContent = mean ? 'members min…max' : '';
      $('series-table').hidden = false;
      $('chart-title').textContent = s.variable + ' (' + unitLabel(s.units) + ') at ' + (s.point.place || (s.point.latitude + ', ' + s.point.longitude))
        + ' — ' + (mean ? what + ', ' : '') + 'best estimate, each time from its newest run (times in UTC)';
      const series = [{ label: 'valid time (UTC)', value: (u, v) => v == null ? '–' : fmtEpoch(v) }, { label: mean ? what : 'value', stroke: '#0b3d5c', width: 2, value: (u, v) => fmtValue(v) }];
      const data = [xs, best];
      if (mean) {
        series.push({ label: 'member min', stroke: '#8ab', dash: [4, 4], value: (u, v) => fmtValue(v) },
          { label: 'member max', stroke: '#8ab', dash: [4, 4], value: (u, v) => fmtValue(v) });
        data.push(lo, hi);
      }
      const width = Math.max(280, $('chart-panel').clientWidth - 20);
      if (chart) { chart.destroy(); }
      // The time axis in UTC, written as everywhere else (uPlot's default is the browser's local time, US style).
      const axisTime = (u, splits) => splits.map((v) => v == null ? '' : fmtEpoch(v).slice(5).replace(' ', '\n'));
      chart = new uPlot({ width: width, height: 220, series: series, scales: { x: { time: true } },
        axes: [{ values: axisTime, space: 60, size: 48 }, { label: unitLabel(s.units), values: (u, splits) => splits.map(fmtValue) }] },
      data, $('chart'));
      $('chart').uplot = chart; // what the chart draws, for the browser test
      showError(null);
    } catch (e) { showError(e); }
  }

  // ---- freshness ----
  function ago(iso) {
    if (!iso) { return 'never'; }
    const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return s < 120 ? s + ' s ago' : s < 7200 ? Math.round(s / 60) + ' min ago' : Math.round(s / 3600) + ' h ago';
  }

  function showFreshness() {
    const s = state.status && state.status.models.find((m) => m.model === state.model);
    if (!s) { $('freshness').textContent = 'no data yet'; return; }
    const run = s.newest_run ? fmtTime(s.newest_run).slice(11) : '–';
    $('freshness').textContent = state.model + ': last file ' + ago(s.last_file_indexed_at) + ', run ' + run + ' '
      + (s.newest_run_files ?? 0) + ' files' + (s.growing ? ' (growing)' : ' (complete)')
      + (s.queryable_lag && s.queryable_lag.p50_ms != null
        ? ', announced→indexed p50 ' + seconds(s.queryable_lag.p50_ms) + ' / p99 ' + seconds(s.queryable_lag.p99_ms) : '');
  }

  function seconds(ms) {
    return (Math.max(0, ms) / 1000).toFixed(1) + ' s';
  }
  setInterval(showFreshness, 5000);

  // ---- live updates: GET /v1/events read with fetch (EventSource cannot send the key header) ----
  let refreshTimer = null;
  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(async () => {
      try {
        state.status = await api('/v1/status');
        const had = state.times.length;
        await loadRuns();
        await loadRunFiles(true);
        showFreshness();
        if (had === 0 && state.times.length) { showPicture(); }
      } catch (e) { showError(e); }
    }, 300);
  }

  /** Reads the stream until the key is refused (then stops: no retry with a key the server refuses) or a newer start. */
  async function listen(generation) {
    while (generation === state.listener) {
      try {
        const headers = { 'x-api-key': state.key };
        if (state.lastEventId) { headers['Last-Event-ID'] = state.lastEventId; }
        const r = await fetch('/v1/events', { headers: headers });
        if (r.status === 401 || r.status === 403) {
          if (generation === state.listener) { keyRefused(r.status); }
          return;
        }
        if (!r.ok) { throw new Error('events: ' + r.status); }
        const reader = r.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        while (generation === state.listener) {
          const { value, done } = await reader.read();
          if (done) { break; }
          buffer += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const ev = { event: 'message', data: '' };
            block.split('\n').forEach((line) => {
              const i = line.indexOf(':');
              if (i <= 0) { return; }
              const k = line.slice(0, i), v = line.slice(i + 1).replace(/^ /, '');
              if (k === 'id') { ev.id = v; } else if (k === 'event') { ev.event = v; } else if (k === 'data') { ev.data += v; }
            });
            if (ev.id) { state.lastEventId = ev.id; }
            if (ev.event === 'file' || ev.event === 'run') {
              const d = JSON.parse(ev.data);
              document.body.dataset.lastEvent = ev.event + ' ' + (d.time || d.forecast_reference_time);
              if (d.model === state.model || !state.model) { scheduleRefresh(); }
            }
          }
        }
        reader.cancel().catch(() => {});
      } catch (e) { /* reconnect below */ }
      await new Promise((res) => setTimeout(res, 2000));
    }
  }

  // ---- wiring ----
  $('model').addEventListener('change', async () => { state.model = $('model').value; state.run = 'latest'; state.member = ''; await loadRuns(); await loadRunFiles(); showFreshness(); showPicture(); if (state.point) { showSeries(); } });
  $('run').addEventListener('change', async () => { state.run = $('run').value; await loadRunFiles(); showPicture(); if (state.point) { showSeries(); } });
  $('variable').addEventListener('change', () => { state.variable = $('variable').value; updateTimesAndLevels(true); showPicture(); if (state.point) { showSeries(); } });
  $('level').addEventListener('change', () => { state.level = $('level').value; showPicture(); if (state.point) { showSeries(); } });
  $('member').addEventListener('change', () => { state.member = $('member').value; showPicture(); if (state.point) { showSeries(); } });
  $('units').addEventListener('change', () => {
    const c = chosenUnits().choices;
    if (c.quantity) { localStorage.setItem('isobar-units-' + c.quantity, $('units').value); }
    showPicture();
    if (state.point) { showSeries(); }
  });
  let slideTimer = null;
  $('time').addEventListener('input', () => {
    state.timeIndex = Number($('time').value);
    showTime();
    clearTimeout(slideTimer);
    slideTimer = setTimeout(showPicture, 120);
  });
  $('place').addEventListener('change', () => { if ($('place').value) { pickPlace($('place').value); } });

  async function start() {
    state.key = takeKey();
    if (!state.key) { askForKey('Enter an API key to see the data.'); return; }
    const generation = ++state.listener;
    $('key-form').hidden = true;
    $('app').hidden = false;
    map.invalidateSize();
    try {
      await loadModels();
      await loadRuns();
      await loadRunFiles();
      await showPicture();
      if (state.initialPlace && state.frame && state.frame.places.some((p) => p.name === state.initialPlace)) {
        pickPlace(state.initialPlace);
        state.initialPlace = null;
      }
    } catch (e) { showError(e); }
    if (generation === state.listener) { listen(generation); }
  }
  start();
}());
