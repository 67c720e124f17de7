// atari-saliency view: the page. Our own vanilla JS, no libraries, no network beyond this server.
'use strict';
(function () {
  const W = 160, H = 210;
  const PALETTE = ['#2f8fff', '#ffb000', '#40d080', '#e040fb', '#ff6060', '#60e0e0', '#c0c040', '#a080ff', '#ff9060', '#80a0c0',
    '#d0d0d0', '#60ff60', '#ff60c0', '#8060ff', '#40a0a0', '#a06040', '#c08080', '#6080ff'];
  const $ = (sel, root) => (root || document).querySelector(sel);
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'text') e.textContent = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    kids.forEach(k => e.append(k));
    return e;
  };
  const svgEl = (tag, attrs) => {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  };
  const fmt = v => {
    if (v === 0) return '0';
    const a = Math.abs(v);
    if (a >= 1e-4 && a < 1000) return String(Number(v.toPrecision(3)));
    return v.toExponential(2);
  };
  async function get(url, type) {
    const r = await fetch(url);
    if (!r.ok) throw new Error(url + ': ' + await r.text());
    return type === 'bytes' ? new Uint8Array(await r.arrayBuffer()) : type === 'floats' ? new Float32Array(await r.arrayBuffer()) : r.json();
  }

  // what the tests and the console can reach
  // timing: milliseconds from navigation start to the first frame drawn and to every plot drawn
  const V = window.viewer = { errors: [], state: null, drawn: 0, lastExport: null, timing: {} };
  window.addEventListener('error', e => V.errors.push(String(e.message)));
  window.addEventListener('unhandledrejection', e => V.errors.push(String(e.reason)));

  const history = [];
  async function start() {
    show(await get('/api/root'));
    $('#back').addEventListener('click', () => { history.pop(); show(history.pop()); });
  }

  function show(view) {
    history.push(view);
    $('#back').hidden = history.length < 2;
    $('#title').textContent = view.title;
    const main = $('#main');
    main.replaceChildren();
    if (V.state && V.state.timer) clearInterval(V.state.timer);
    V.state = null;
    if (view.kind === 'list') listing(main, view);
    else if (view.kind === 'analysis') analysis(main, view);
    else player(main, view);
  }

  function listing(main, view) {
    main.append(el('p', { class: 'note', text: view.items.length ? 'Pick one to open:' : 'Nothing here the viewer can open.' }));
    const ul = el('ul', { class: 'items' });
    for (const it of view.items) {
      ul.append(el('li', {}, el('button', { type: 'button', 'data-item': it.item, text: it.label,
        onclick: async () => show(await get('/api/item?i=' + it.item)) })));
    }
    main.append(ul);
  }

  // ---- analysis folders: CSV columns as linked plots (one cursor over rows), PNG charts
  function analysis(main, view) {
    const hover = el('div', { id: 'hover' });
    main.append(hover);
    const plots = el('div', { class: 'plots' });
    main.append(plots);
    const cursors = [];
    for (const t of view.tables) {
      plots.append(el('h2', { text: t.name + ' (' + t.rows + ' rows)' }));
      for (const c of t.columns) {
        const p = plot(plots, c, t.rows, row => {
          cursors.forEach(f => f(row));
          hover.textContent = t.name + ' row ' + row;
        });
        cursors.push(p.cursor);
        get('/api/table?file=' + t.file + '&name=' + encodeURIComponent(c) + '&buckets=' + p.width).then(s => p.draw([{ s, colour: PALETTE[0] }]));
      }
    }
    for (const img of view.images) {
      main.append(el('h2', { text: img.name }), el('img', { class: 'chart', src: img.url, alt: img.name }));
    }
    V.drawn++;
  }

  // ---- a plot: SVG with min/max per bucket, a cursor, click to jump
  function plot(parent, name, steps, jump) {
    const width = Math.max(300, Math.floor(parent.clientWidth || 900)), height = 64, top = 4, left = 48;
    const svg = svgEl('svg', { viewBox: `0 0 ${width} ${height}`, 'data-plot': name, height });
    const label = svgEl('text', { x: left + 4, y: 12 });
    label.textContent = name;
    const cursor = svgEl('line', { y1: 0, y2: height, stroke: '#fff', 'stroke-width': 1, opacity: 0.8 });
    svg.append(label, cursor);
    parent.append(svg);
    const xOf = t => left + (width - left - 4) * (t + 0.5) / Math.max(1, steps);
    svg.addEventListener('click', e => {
      const r = svg.getBoundingClientRect();
      const x = (e.clientX - r.left) * width / r.width;
      jump(Math.max(0, Math.min(steps - 1, Math.floor((x - left) / (width - left - 4) * steps))));
    });
    return {
      width: width - left - 4,
      cursor: t => { cursor.setAttribute('x1', xOf(t)); cursor.setAttribute('x2', xOf(t)); },
      draw(lines, bars) {
        let lo = Infinity, hi = -Infinity;
        for (const l of lines) l.s.min.forEach((v, i) => { lo = Math.min(lo, v); hi = Math.max(hi, l.s.max[i]); });
        if (!(hi > lo)) { hi = lo + 1; lo -= 0; }
        if (bars) { lo = Math.min(lo, 0); hi = Math.max(hi, 0); }
        const yOf = v => top + (height - 2 * top) * (1 - (v - lo) / (hi - lo));
        for (const [v, y] of [[hi, top + 8], [lo, height - 2]]) {
          const t = svgEl('text', { x: 2, y });
          t.textContent = fmt(v);
          svg.append(t);
        }
        for (const l of lines) {
          const s = l.s;
          const n = s.first.length;
          const x0 = i => xOf(s.first[i]);
          if (bars) {
            let d = '';
            for (let i = 0; i < n; i++) {
              if (s.max[i] > 0) d += `M${x0(i)} ${yOf(0)}V${yOf(s.max[i])}`;
            }
            let d2 = '';
            for (let i = 0; i < n; i++) {
              if (s.min[i] < 0) d2 += `M${x0(i)} ${yOf(0)}V${yOf(s.min[i])}`;
            }
            if (d) svg.insertBefore(svgEl('path', { d, stroke: '#28be96', 'stroke-width': 2 }), label);
            if (d2) svg.insertBefore(svgEl('path', { d: d2, stroke: '#eb6e28', 'stroke-width': 2 }), label);
            continue;
          }
          let band = '', mid = '';
          for (let i = 0; i < n; i++) {
            if (s.max[i] > s.min[i]) band += `M${x0(i)} ${yOf(s.min[i])}V${yOf(s.max[i])}`;
            mid += (i ? 'L' : 'M') + x0(i) + ' ' + yOf((s.min[i] + s.max[i]) / 2);
          }
          const dash = l.dashed ? { 'stroke-dasharray': '4 3' } : {};
          if (band) svg.insertBefore(svgEl('path', { d: band, stroke: l.colour, 'stroke-width': 1, opacity: 0.5 }), label);
          svg.insertBefore(svgEl('path', Object.assign({ d: mid, stroke: l.colour, fill: 'none', 'stroke-width': 1.5 }, dash)), label);
        }
      }
    };
  }

  // ---- the player: frames with overlays, timeline, plots
  function player(main, view) {
    const runs = view.runs;
    const maps = [];
    runs.forEach(r => r.maps.forEach(m => { if (!maps.find(x => x.name === m.name)) maps.push(m); }));
    const steps = Math.max(...runs.map(r => r.steps));
    const st = V.state = {
      view, runs, t: 0, steps, zoom: runs.length > 1 ? 2 : 3, opacity: 0.75, mode: 'absolute', shown: new Set(maps.filter(m => m.name === 'actor_tv' || m.name === 'critic_dv').map(m => m.name)),
      pair: runs.slice(0, 2).map((r, i) => i), timer: null, percentile: {}, cache: new Map(), objects: new Map(), mapData: {}
    };
    if (st.shown.size === 0 && maps.length) st.shown.add(maps[0].name);

    const controls = el('div', { class: 'controls' });
    const zoom = el('select', { id: 'zoom' });
    for (let z = 1; z <= 6; z++) zoom.append(el('option', { value: z, text: 'x' + z }));
    zoom.value = st.zoom;
    zoom.addEventListener('change', () => { st.zoom = +zoom.value; layout(); });
    controls.append(el('label', { text: 'zoom ' }, zoom));
    for (const m of maps) {
      const box = el('input', { type: 'checkbox', 'data-map': m.name });
      box.checked = st.shown.has(m.name);
      box.addEventListener('change', () => { if (box.checked) st.shown.add(m.name); else st.shown.delete(m.name); seek(st.t); });
      const swatch = el('span', { text: '\u25a0' });
      swatch.style.color = m.colour;
      controls.append(el('label', {}, box, swatch, m.name));
    }
    const opacity = el('input', { type: 'range', id: 'opacity', min: 0, max: 1, step: 0.05, value: st.opacity });
    opacity.addEventListener('input', () => { st.opacity = +opacity.value; seek(st.t); });
    controls.append(el('label', { text: 'opacity ' }, opacity));
    const mode = el('select', { id: 'mode' }, el('option', { value: 'absolute', text: 'absolute scale' }), el('option', { value: 'per-clip', text: 'per-clip scale' }));
    mode.addEventListener('change', () => { st.mode = mode.value; seek(st.t); });
    controls.append(mode);
    if (runs.length > 2) {
      for (let k = 0; k < 2; k++) {
        const s = el('select', { 'data-pair': k });
        runs.forEach((r, i) => s.append(el('option', { value: i, text: r.label })));
        s.value = st.pair[k];
        s.addEventListener('change', () => { st.pair[k] = +s.value; layout(); });
        controls.append(el('label', { text: k ? 'right ' : 'left ' }, s));
      }
    }
    main.append(controls);

    const timeline = el('div', { class: 'timeline' });
    const play = el('button', { type: 'button', id: 'play', text: 'play' });
    const range = el('input', { type: 'range', id: 'timeline', min: 0, max: steps - 1, step: 1, value: 0 });
    const label = el('span', { id: 'step' });
    play.addEventListener('click', toggle);
    range.addEventListener('input', () => seek(+range.value));
    timeline.append(play, range, label);
    main.append(timeline);

    const frames = el('div', { class: 'frames' });
    const side = el('div', { class: 'side' });
    const hover = el('div', { id: 'hover', text: 'hover over the frame for the map values and the object there' });
    const scaleBars = el('div', { class: 'bars', id: 'bars' });
    main.append(el('div', { class: 'stage' }, frames, side));
    side.append(scaleBars, hover);

    const exports = el('div', { class: 'controls' });
    const from = el('input', { type: 'number', id: 'from', min: 0, max: steps - 1, value: 0, size: 6 });
    const to = el('input', { type: 'number', id: 'to', min: 1, max: steps, value: Math.min(steps, 300), size: 6 });
    const status = el('span', { id: 'export-status', class: 'note' });
    exports.append(el('button', { type: 'button', id: 'export-png', text: 'export PNG', onclick: exportPng }),
      el('button', { type: 'button', id: 'export-svg', text: 'export SVG', onclick: exportSvg }),
      el('label', { text: 'MP4 steps ' }, from, el('span', { text: '\u2013' }), to),
      el('button', { type: 'button', id: 'export-mp4', text: 'export MP4', onclick: () => exportMp4(+from.value, +to.value) }), status);
    side.append(exports);
    const plots = el('div', { class: 'plots' });
    side.append(plots);

    document.onkeydown = e => {
      if (e.target.tagName === 'INPUT' && e.target.type !== 'range' && e.target.type !== 'checkbox') return;
      if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
        e.preventDefault();
        seek(st.t + (e.key === 'ArrowRight' ? 1 : -1) * (e.shiftKey ? 10 : 1));
      } else if (e.key === ' ') {
        e.preventDefault();
        toggle();
      }
    };

    let cursors = [];
    function shownRuns() { return runs.length > 2 ? st.pair.map(i => runs[i]) : runs; }

    function layout() {
      frames.replaceChildren();
      st.figures = shownRuns().map(r => {
        const fig = el('figure', {});
        fig.append(el('figcaption', { text: r.label + (r.hasFrames ? '' : ' \u2014 no frames.npy: the MP4\u2019s frame, overlays baked in') }));
        let screen;
        if (r.hasFrames) {
          screen = el('canvas', { class: 'screen', width: W * st.zoom, height: H * st.zoom, 'data-run': r.id });
          screen.addEventListener('mousemove', e => hoverAt(r, e));
        } else {
          screen = el('video', { class: 'screen', src: r.video || '', muted: '', preload: 'auto', 'data-run': r.id });
          screen.style.height = (H * st.zoom) + 'px';
          screen.addEventListener('loadedmetadata', () => seek(st.t));
        }
        fig.append(screen);
        frames.append(fig);
        return { run: r, screen };
      });
      seek(st.t);
    }

    function seek(t) {
      st.t = Math.max(0, Math.min(steps - 1, t));
      range.value = st.t;
      redraw().catch(e => { st.busy = false; V.errors.push(String(e.message)); label.textContent = 'step ' + st.t + ': ' + e.message; });
    }

    function toggle() {
      if (st.timer) {
        clearInterval(st.timer);
        st.timer = null;
        play.textContent = 'play';
        return;
      }
      play.textContent = 'pause';
      const fps = runs[0].fps || 15;
      st.timer = setInterval(() => { if (!st.busy) seek(st.t + 1 >= steps ? 0 : st.t + 1); }, 1000 / fps);
    }

    async function cached(key, load) {
      if (!st.cache.has(key)) {
        if (st.cache.size > 400) st.cache.delete(st.cache.keys().next().value);
        st.cache.set(key, load());
      }
      return st.cache.get(key);
    }

    // the full-intensity value of a map: its absolute scale, or the per-clip 99.5th percentile shared by the runs shown
    async function full(m) {
      if (st.mode === 'absolute' && m.absolute) return { full: m.absolute.full, basis: 'absolute' };
      const ps = await Promise.all(shownRuns().filter(r => r.maps.find(x => x.name === m.name)).map(r =>
        cached('p:' + r.id + ':' + m.name, () => get('/api/scale?run=' + r.id + '&name=' + m.name).then(x => x.percentile))));
      const p = Math.max(...ps);
      return { full: p > 0 ? p : 1e-9, basis: 'per-clip scale' + (shownRuns().length > 1 ? ' (shared)' : '') + (m.absolute ? '' : st.mode === 'absolute' ? ' (no absolute scale)' : '') };
    }

    let drawing = 0;
    async function redraw() {
      const id = ++drawing;
      st.busy = true;
      const t = st.t;
      label.textContent = 'step ' + t + ' / ' + (steps - 1);
      cursors.forEach(c => c(t));
      const shown = maps.filter(m => st.shown.has(m.name));
      const scales = {};
      for (const m of shown) scales[m.name] = await full(m);
      for (const f of st.figures) {
        const r = f.run, tr = Math.min(t, r.steps - 1);
        if (!r.hasFrames) {
          if (f.screen.readyState >= 1) f.screen.currentTime = (tr + 0.5) / (r.fps || 15);
          continue;
        }
        const rgb = await cached('f:' + r.id + ':' + tr, () => get('/api/frame?run=' + r.id + '&t=' + tr, 'bytes'));
        const layers = [];
        for (const m of shown) {
          if (!r.maps.find(x => x.name === m.name)) continue;
          layers.push({ m, data: await cached('m:' + r.id + ':' + m.name + ':' + tr, () => get('/api/map?run=' + r.id + '&name=' + m.name + '&t=' + tr, 'floats')) });
        }
        if (id !== drawing) return;
        st.mapData[r.id] = { t: tr, layers };
        paint(f, r, rgb, layers, scales);
      }
      bars(scaleBars, shown, scales);
      if (id === drawing) {
        st.busy = false;
        V.drawn++;
        if (V.timing.firstFrame === undefined) V.timing.firstFrame = performance.now();
        document.body.dataset.step = t;
      }
    }

    function paint(f, r, rgb, layers, scales) {
      const off = document.createElement('canvas');
      off.width = W;
      off.height = H;
      const octx = off.getContext('2d');
      const img = octx.createImageData(W, H);
      const px = img.data;
      for (let i = 0, j = 0; i < W * H; i++, j += 3) {
        px[4 * i] = rgb[j];
        px[4 * i + 1] = rgb[j + 1];
        px[4 * i + 2] = rgb[j + 2];
        px[4 * i + 3] = 255;
      }
      const reg = r.region;
      for (const { m, data } of layers) {
        const c = [1, 3, 5].map(k => parseInt(m.colour.substr(k, 2), 16));
        const fullv = scales[m.name].full;
        for (let y = 0; y < reg.height; y++) {
          for (let x = 0; x < reg.width; x++) {
            const v = data[y * reg.width + x];
            const a = v > 0 ? st.opacity * Math.min(1, v / fullv) : 0;
            if (a <= 0) continue;
            const i = 4 * ((y + reg.y) * W + x + reg.x);
            for (let k = 0; k < 3; k++) px[i + k] = Math.round(px[i + k] * (1 - a) + c[k] * a);
          }
        }
      }
      octx.putImageData(img, 0, 0);
      const ctx = f.screen.getContext('2d');
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(off, 0, 0, W * st.zoom, H * st.zoom);
    }

    function bars(parent, shown, scales) {
      parent.replaceChildren();
      for (const m of shown) {
        const s = scales[m.name];
        const c = el('canvas', { width: 160, height: 10 });
        const g = c.getContext('2d');
        const grad = g.createLinearGradient(0, 0, 160, 0);
        grad.addColorStop(0, 'rgba(0,0,0,1)');
        grad.addColorStop(1, m.colour);
        g.fillStyle = grad;
        g.fillRect(0, 0, 160, 10);
        const ticks = el('div', { class: 'ticks' }, el('span', { text: '0' }), el('span', { text: fmt(s.full / 2) }), el('span', { text: fmt(s.full) }));
        const caption = m.quantity + (m.unit ? ' (' + m.unit + ')' : '') + ', ' + s.basis;
        parent.append(el('div', { class: 'bar', 'data-bar': m.name }, el('div', {}, c, ticks), el('span', { text: caption })));
      }
    }

    async function hoverAt(r, e) {
      // the canvas may be drawn smaller than W x zoom (a narrow window): CSS pixels to frame pixels
      const px = W / e.target.getBoundingClientRect().width;
      const x = Math.floor(e.offsetX * px), y = Math.floor(e.offsetY * px);
      const d = st.mapData[r.id];
      const parts = [r.label + ' x ' + x + ', y ' + y];
      if (d) {
        const reg = r.region;
        for (const { m, data } of d.layers) {
          const inside = x >= reg.x && x < reg.x + reg.width && y >= reg.y && y < reg.y + reg.height;
          parts.push(m.name + ' ' + (inside ? fmt(data[(y - reg.y) * reg.width + x - reg.x]) + (m.unit ? ' ' + m.unit : '') : 'outside the maps'));
        }
      }
      if (r.objects && d) {
        const boxes = await cached('o:' + r.id + ':' + d.t, () => get('/api/objects?run=' + r.id + '&t=' + d.t));
        const hit = boxes.filter(b => x >= b.left && x < b.left + b.width && y >= b.top && y < b.top + b.height).map(b => b.name);
        parts.push('object: ' + (hit.length ? hit.join(', ') : 'none'));
      }
      hover.textContent = parts.join(' \u00b7 ');
    }

    // ---- exports
    function viewCanvas() {
      const cs = st.figures.filter(f => f.run.hasFrames).map(f => f.screen);
      if (cs.length === 0) throw new Error('no frames.npy: export the MP4 itself, or record again');
      if (cs.length === 1) return cs[0];
      const out = document.createElement('canvas');
      out.width = cs.reduce((w, c) => w + c.width, 0) + 8 * (cs.length - 1);
      out.height = Math.max(...cs.map(c => c.height));
      const g = out.getContext('2d');
      let x = 0;
      for (const c of cs) { g.drawImage(c, x, 0); x += c.width + 8; }
      return out;
    }
    function download(url, name) {
      const a = el('a', { href: url, download: name });
      document.body.append(a);
      a.click();
      a.remove();
    }
    function baseName() { return (runs.length > 1 ? 'compare' : runs[0].label) + '-step' + st.t; }
    function exportPng() {
      let url;
      try {
        url = viewCanvas().toDataURL('image/png');
      } catch (err) {
        status.textContent = err.message;
        return;
      }
      V.lastExport = url;
      download(url, baseName() + '.png');
      status.textContent = 'PNG of step ' + st.t;
    }
    async function exportSvg() {
      let c;
      try {
        c = viewCanvas();
      } catch (err) {
        status.textContent = err.message;
        return;
      }
      const shown = maps.filter(m => st.shown.has(m.name));
      const rowH = 34, h = c.height + 8 + rowH * shown.length;
      const esc = s => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      let s = `<svg xmlns="http://www.w3.org/2000/svg" width="${c.width}" height="${h}" viewBox="0 0 ${c.width} ${h}">`
        + `<rect width="${c.width}" height="${h}" fill="#181a20"/>`
        + `<image width="${c.width}" height="${c.height}" style="image-rendering:pixelated" href="${c.toDataURL('image/png')}"/>`;
      let y = c.height + 8;
      for (const m of shown) {
        const sc = await full(m);
        s += `<defs><linearGradient id="g-${m.name}"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="${m.colour}"/></linearGradient></defs>`
          + `<rect x="4" y="${y}" width="160" height="10" fill="url(#g-${m.name})" stroke="#3a3e4a"/>`
          + `<text x="4" y="${y + 22}" fill="#e8e8ec" font-size="10" font-family="sans-serif">0</text>`
          + `<text x="84" y="${y + 22}" fill="#e8e8ec" font-size="10" font-family="sans-serif" text-anchor="middle">${fmt(sc.full / 2)}</text>`
          + `<text x="164" y="${y + 22}" fill="#e8e8ec" font-size="10" font-family="sans-serif" text-anchor="end">${fmt(sc.full)}</text>`
          + `<text x="172" y="${y + 9}" fill="#e8e8ec" font-size="11" font-family="sans-serif">${esc(m.quantity + (m.unit ? ' (' + m.unit + ')' : '') + ', ' + sc.basis)}</text>`;
        y += rowH;
      }
      s += '</svg>';
      V.lastExport = s;
      download(URL.createObjectURL(new Blob([s], { type: 'image/svg+xml' })), baseName() + '.svg');
      status.textContent = 'SVG of step ' + st.t;
    }
    async function exportMp4(a, b) {
      status.textContent = 'encoding steps ' + a + '\u2013' + b + '\u2026';
      const r = st.figures[0].run;
      const shown = [...st.shown].join(',');
      try {
        const x = await get(`/api/export?run=${r.id}&from=${a}&to=${b}&maps=${shown}&scaleMode=${st.mode}&scale=2`);
        V.lastExport = x;
        download(x.url, x.file.split('/').pop());
        status.textContent = 'MP4 of ' + x.frames + ' steps: ' + x.file;
      } catch (err) {
        status.textContent = String(err.message);
      }
    }
    V.exportPng = exportPng;
    V.exportSvg = exportSvg;
    V.exportMp4 = exportMp4;
    V.seek = seek;
    V.viewCanvas = viewCanvas;

    // ---- linked plots
    function plots_() {
      plots.replaceChildren();
      cursors = [];
      const groups = [];
      const series = runs[0].series;
      const probs = series.filter(s => s.startsWith('p_'));
      if (probs.length) groups.push({ name: 'action probabilities', names: probs, legend: true });
      if (series.includes('value')) groups.push({ name: 'value (return)', names: ['value'] });
      if (series.includes('reward')) groups.push({ name: 'reward events', names: ['reward'], bars: true });
      if (series.includes('reliance')) groups.push({ name: runs[0].relianceTitle, names: ['reliance'] });
      // the totals of the absolute maps (TV, |dV|: comparable units) where recorded, else of every map
      const all = series.filter(s => s.startsWith('total:'));
      const absolute = all.filter(s => (maps.find(m => 'total:' + m.name === s) || {}).absolute);
      const totals = absolute.length ? absolute : all;
      if (totals.length) groups.push({ name: 'saliency totals (sum of each map)', names: totals, mapColours: true });
      let pending = groups.length;
      for (const g of groups) {
        const p = plot(plots, g.name, steps, seek);
        cursors.push(p.cursor);
        const lines = [];
        Promise.all(runs.slice(0, 2).flatMap((r, k) => g.names.filter(n => r.series.includes(n)).map((n, i) =>
          get(`/api/series?run=${r.id}&name=${encodeURIComponent(n)}&buckets=${p.width}`).then(s => lines.push({
            s, dashed: k > 0,
            colour: g.mapColours ? (maps.find(m => 'total:' + m.name === n) || {}).colour : g.names.length > 1 ? PALETTE[i % PALETTE.length] : k ? '#ffb000' : '#e1e1e8'
          }))))).then(() => {
          p.draw(lines, g.bars);
          p.cursor(st.t);
          if (--pending === 0) V.timing.plots = performance.now();
        });
        if (g.legend || g.mapColours) {
          const leg = el('div', { class: 'legend' });
          g.names.forEach((n, i) => {
            const sw = el('span', { text: '\u25a0 ' });
            sw.style.color = g.mapColours ? (maps.find(m => 'total:' + m.name === n) || {}).colour : PALETTE[i % PALETTE.length];
            leg.append(sw, n.replace(/^p_|^total:/, '') + '  ');
          });
          plots.append(leg);
        }
      }
      if (runs.length > 1) plots.append(el('div', { class: 'legend', text: 'solid: ' + runs[0].label + ', dashed: ' + runs[1].label }));
    }
    layout();
    plots_();
  }

  start().catch(e => { V.errors.push(String(e.message)); $('#main').textContent = String(e.message); });
})();
