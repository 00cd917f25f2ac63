// The Isobar viewer: one page, no build step. Every data call sends the key in the x-api-key header; the key comes
// from the URL fragment (#key=..., never sent to the server) or a form, and is kept in this tab's sessionStorage.
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('config').textContent);
  const $ = (id) => document.getElementById(id);
  const state = {
    key: null, model: null, variable: null, run: 'latest', level: null, member: null,
    runFiles: [], times: [], timeIndex: 0, frame: null, overlay: null, point: null,
    status: null, lastEventId: null, mapRequest: null,
  };

  // ---- the key ----
  function takeKey() {
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
      sessionStorage.removeItem('isobar-key');
      askForKey('The key was refused (' + r.status + '); enter another.');
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
  const frameLayer = L.layerGroup().addTo(map);
  const pointLayer = L.layerGroup().addTo(map);
  let frameKey = null;

  function toMap(lat, lon, x, y) { return useTiles ? [lat, lon] : [y, x]; }

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

  function drawFrame(frame) {
    const key = frame.proj4 + frame.x_min + frame.y_min;
    state.frame = frame;
    if (key === frameKey) { return; }
    frameKey = key;
    frameLayer.clearLayers();
    const grid = { color: '#567', weight: 0.6, opacity: 0.7, interactive: false };
    if (useTiles) {
      // The basemap gives the context; outline where the grid is.
      L.polygon(frame.corners, { color: '#234', weight: 1, fill: false, interactive: false }).addTo(frameLayer);
    } else {
      frame.graticule.forEach((line) => L.polyline(line.map((p) => [p[1], p[0]]), grid).addTo(frameLayer));
      L.rectangle([[frame.y_min, frame.x_min], [frame.y_max, frame.x_max]], { color: '#234', weight: 1, fill: false, interactive: false }).addTo(frameLayer);
    }
    const select = $('place');
    select.length = 1;
    frame.places.forEach((p) => {
      const m = L.circleMarker(toMap(p.latitude, p.longitude, p.x, p.y), { radius: 3, color: '#222', weight: 1, fillOpacity: 0.9 })
        .bindTooltip(p.name, { direction: 'right', className: 'place-label' })
        .on('click', (e) => { L.DomEvent.stopPropagation(e); pickPlace(p.name); });
      m.addTo(frameLayer);
      const o = document.createElement('option');
      o.value = p.name; o.textContent = p.name;
      select.appendChild(o);
    });
    const bounds = useTiles ? L.latLngBounds(frame.corners) : L.latLngBounds([[frame.y_min, frame.x_min], [frame.y_max, frame.x_max]]);
    map.fitBounds(bounds);
  }

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

  const runLabel = (r) => r === 'latest' ? 'latest' : r.slice(0, 13).replace('T', ' ') + 'Z';

  async function loadModels() {
    state.status = await api('/v1/status');
    const models = state.status.models.map((m) => m.model);
    fill($('model'), models, null, state.model);
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
    fill($('member'), members, (m) => 'member ' + m, state.member);
    state.member = members.length > 1 ? $('member').value : null;
    $('time-label').textContent = state.times.length ? state.times[i].replace(':00Z', 'Z').replace('T', ' ') : 'no times';
  }

  // ---- the picture ----
  function mapQuery() {
    const q = new URLSearchParams({ variable: state.variable, time: state.times[state.timeIndex], model: state.model });
    if (state.run !== 'latest') { q.set('run', state.run); }
    if (state.level) { const [k, v] = state.level.split('='); q.set(k, v); }
    if (state.member != null) { q.set('realization', state.member); }
    return q.toString();
  }

  let pictureSeq = 0;
  async function showPicture() {
    if (!state.variable || !state.times.length) { return; }
    const seq = ++pictureSeq;
    const q = mapQuery();
    try {
      const info = await api('/v1/map.json?' + q);
      if (seq !== pictureSeq) { return; }
      drawFrame(Object.assign({}, info.grid, {
        x_min: info.grid.x_min ?? info.grid.xMin, x_max: info.grid.x_max ?? info.grid.xMax,
        y_min: info.grid.y_min ?? info.grid.yMin, y_max: info.grid.y_max ?? info.grid.yMax,
        graticule_step: info.grid.graticule_step ?? info.grid.graticuleStep }));
      state.mapRequest = '/v1/map.png?' + q;
      document.body.dataset.mapRequest = state.mapRequest;
      const blob = await api(state.mapRequest, 'blob');
      if (seq !== pictureSeq) { return; }
      const url = URL.createObjectURL(blob);
      const f = state.frame;
      const bounds = useTiles ? L.latLngBounds(f.corners) : [[f.y_min, f.x_min], [f.y_max, f.x_max]];
      if (state.overlay) { URL.revokeObjectURL(state.overlay._url); state.overlay.setUrl(url); state.overlay.setBounds(L.latLngBounds(bounds)); }
      else { state.overlay = L.imageOverlay(url, bounds, { opacity: 0.85, alt: 'map picture' }).addTo(map); pointLayer.bringToFront && pointLayer.eachLayer((l) => l.bringToFront && l.bringToFront()); }
      state.overlay.getElement().id = 'map-picture';
      state.overlay.getElement().dataset.request = state.mapRequest;
      const p = info.palette;
      const legend = await api('/v1/map/legend.svg?variable=' + encodeURIComponent(info.variable) + '&range=' + p.min + ',' + p.max
        + '&units=' + encodeURIComponent(p.units || ''), 'blob');
      const img = $('legend-img');
      if (img.src) { URL.revokeObjectURL(img.src); }
      img.src = URL.createObjectURL(legend);
      img.alt = info.variable + ' colour scale, ' + p.min + ' to ' + p.max + ' ' + (p.units || '');
      $('map-note').textContent = info.model + ' ' + info.variable + ' valid ' + info.time + ', run ' + runLabel(info.forecast_reference_time)
        + ' (T+' + Math.round(info.forecast_period / 3600) + ' h)' + (info.realization != null ? ', member ' + info.realization : '')
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

  async function showSeries(at) {
    if (!state.point || !state.times.length) { return; }
    const q = new URLSearchParams(state.point);
    q.set('variable', state.variable);
    q.set('model', state.model);
    q.set('from', state.times[0]);
    q.set('to', state.times[state.times.length - 1]);
    if (state.level) { const [k, v] = state.level.split('='); q.set(k, v); }
    try {
      const s = await api('/v1/point/series?' + q.toString());
      pointLayer.clearLayers();
      const where = at || toMap(s.point.latitude, s.point.longitude, s.point.x, s.point.y);
      L.circleMarker(where, { radius: 6, color: '#d00', weight: 2, fill: false }).addTo(pointLayer);
      const xs = [], best = [], lo = [], hi = [];
      const body = $('series-table').tBodies[0];
      body.innerHTML = '';
      s.series.forEach((e) => {
        const vals = e.values.map((v) => v.value).filter((v) => v != null);
        const mean = vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : null;
        xs.push(Date.parse(e.time) / 1000);
        best.push(mean);
        lo.push(vals.length > 1 ? Math.min(...vals) : null);
        hi.push(vals.length > 1 ? Math.max(...vals) : null);
        const tr = document.createElement('tr');
        tr.dataset.time = e.time;
        tr.innerHTML = '<td></td><td class="value"></td><td></td><td></td>';
        tr.cells[0].textContent = e.time.replace(':00Z', 'Z').replace('T', ' ');
        tr.cells[1].textContent = mean == null ? '–' : (vals.length === 1 ? String(vals[0]) : mean.toFixed(3));
        tr.cells[2].textContent = runLabel(e.forecast_reference_time);
        tr.cells[3].textContent = vals.length > 1 ? Math.min(...vals).toFixed(2) + '…' + Math.max(...vals).toFixed(2) : '';
        body.appendChild(tr);
      });
      $('series-table').hidden = false;
      $('chart-title').textContent = s.variable + ' (' + s.units + ') at ' + (s.point.place || (s.point.latitude + ', ' + s.point.longitude))
        + ' — best estimate, each time from its newest run';
      const series = [{}, { label: 'best estimate', stroke: '#0b3d5c', width: 2 }];
      const data = [xs, best];
      if (lo.some((v) => v != null)) {
        series.push({ label: 'member min', stroke: '#8ab', dash: [4, 4] }, { label: 'member max', stroke: '#8ab', dash: [4, 4] });
        data.push(lo, hi);
      }
      const width = Math.max(280, $('chart-panel').clientWidth - 20);
      if (chart) { chart.destroy(); }
      chart = new uPlot({ width: width, height: 220, series: series, axes: [{}, { label: s.units }] }, data, $('chart'));
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
    const run = s.newest_run ? runLabel(s.newest_run).slice(11) : '–';
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

  async function listen() {
    for (;;) {
      try {
        const headers = { 'x-api-key': state.key };
        if (state.lastEventId) { headers['Last-Event-ID'] = state.lastEventId; }
        const r = await fetch('/v1/events', { headers: headers });
        if (!r.ok) { throw new Error('events: ' + r.status); }
        const reader = r.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
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
      } catch (e) { /* reconnect below */ }
      await new Promise((res) => setTimeout(res, 2000));
    }
  }

  // ---- wiring ----
  $('model').addEventListener('change', async () => { state.model = $('model').value; state.run = 'latest'; await loadRuns(); await loadRunFiles(); showFreshness(); showPicture(); });
  $('run').addEventListener('change', async () => { state.run = $('run').value; await loadRunFiles(); showPicture(); });
  $('variable').addEventListener('change', () => { state.variable = $('variable').value; updateTimesAndLevels(true); showPicture(); if (state.point) { showSeries(); } });
  $('level').addEventListener('change', () => { state.level = $('level').value; showPicture(); if (state.point) { showSeries(); } });
  $('member').addEventListener('change', () => { state.member = $('member').value; showPicture(); });
  let slideTimer = null;
  $('time').addEventListener('input', () => {
    state.timeIndex = Number($('time').value);
    $('time-label').textContent = state.times[state.timeIndex].replace(':00Z', 'Z').replace('T', ' ');
    clearTimeout(slideTimer);
    slideTimer = setTimeout(showPicture, 120);
  });
  $('place').addEventListener('change', () => { if ($('place').value) { pickPlace($('place').value); } });

  async function start() {
    state.key = takeKey();
    if (!state.key) { askForKey('Enter an API key to see the data.'); return; }
    $('key-form').hidden = true;
    $('app').hidden = false;
    map.invalidateSize();
    try {
      await loadModels();
      await loadRuns();
      await loadRunFiles();
      await showPicture();
    } catch (e) { showError(e); }
    listen();
  }
  start();
}());
