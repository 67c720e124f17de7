// The study's only script. It reports each clip's playback to /event (play, pause, seeked, ended, ratechange, and a
// `time` report about every min(1 s, duration/8) of playback), keeps its own count of the parts of each clip played
// at normal speed (the same rules as the server's WatchCoverage, which checks again on submit), shows per clip how
// much was watched and which skipped parts are left, and on pages that ask for it keeps the button disabled until
// every clip is 95% watched and the server has every report.
(function () {
  'use strict';
  var form = document.getElementById('page-form');
  if (!form) { return; }
  // the server's WatchCoverage rules, as the page states them: required share, longest step, clock slack, client grace, rate tolerance
  var rules = form.getAttribute('data-watch-rules').split(' ').map(parseFloat);
  var REQUIRED = rules[0], MAX_STEP = rules[1], SLACK = rules[2], CLIENT_GRACE = rules[3], RATE_TOLERANCE = rules[4], SHOWN_GAP = 0.3;
  var csrf = form.getAttribute('data-csrf');
  var page = parseInt(form.getAttribute('data-page'), 10);
  var requireEnd = form.getAttribute('data-require-end') === 'true';
  var button = document.getElementById('next');
  var hint = document.getElementById('watch-hint');

  function parseIntervals(text) {
    return (text || '').split(' ').filter(Boolean).map(function (pair) {
      var p = pair.split('-');
      return [parseFloat(p[0]), parseFloat(p[1])];
    });
  }

  var clips = Array.prototype.slice.call(document.querySelectorAll('video[data-label]')).map(function (v) {
    var figure = v.parentNode;
    return { video: v, label: v.getAttribute('data-label'), watched: parseIntervals(v.getAttribute('data-watched')),
             chain: null, lastTime: 0, reportedAt: null, furthest: 0, pending: 0, queue: Promise.resolve(),
             progress: figure.querySelector('.watch-progress'), skipped: figure.querySelector('.watch-skipped') };
  });

  // one clip's reports go out one after the other (the server reads them in the order it stored them); each is tried a few times
  function send(c, type, mediaTime) {
    var v = c.video;
    var body = JSON.stringify({ page: page, video: c.label, event: type, mediaTime: mediaTime === undefined ? v.currentTime : mediaTime,
                                playbackRate: v.playbackRate, clientTime: Date.now() });
    c.pending += 1;
    c.queue = c.queue.then(function () {
      var tries = 0;
      return (function attempt() {
        return fetch('/event', { method: 'POST', credentials: 'same-origin',
                                 headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf }, body: body })
          .then(function (r) { if (!r.ok && r.status >= 500) { throw new Error('status ' + r.status); } })
          .catch(function () {
            tries += 1;
            if (tries < 4) { return new Promise(function (ok) { setTimeout(ok, 500 * tries); }).then(attempt); }
          });
      })();
    }).then(function () { c.pending -= 1; update(); });
  }

  function normalSpeed(v) { return Math.abs(v.playbackRate - 1) <= RATE_TOLERANCE; }

  function add(c, from, to) {
    var all = c.watched.concat([[from, to]]).sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    all.forEach(function (s) {
      var last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) { last[1] = Math.max(last[1], s[1]); } else { merged.push([s[0], s[1]]); }
    });
    c.watched = merged;
  }

  // counts the media played since the chain's last point, if it played at normal speed no faster than the clock
  function advance(c, time) {
    var now = performance.now();
    if (c.chain) {
      var media = time - c.chain.time;
      if (media > 0 && media <= MAX_STEP && media <= (now - c.chain.now) / 1000 * SLACK + CLIENT_GRACE && normalSpeed(c.video)) {
        add(c, c.chain.time, time);
      }
    }
    c.chain = { time: time, now: now };
    c.lastTime = time;
  }

  function duration(c) { return isFinite(c.video.duration) && c.video.duration > 0 ? c.video.duration : null; }

  function fraction(c) {
    var d = duration(c);
    if (d === null) { return 0; }
    return Math.min(1, c.watched.reduce(function (sum, s) { return sum + Math.max(0, Math.min(d, s[1]) - Math.max(0, s[0])); }, 0) / d);
  }

  // the unwatched parts before the furthest point the participant has reached
  function gaps(c) {
    var out = [], at = 0, end = Math.min(c.furthest, duration(c) || 0);
    c.watched.forEach(function (s) {
      if (s[0] - at >= SHOWN_GAP && s[0] <= end) { out.push([at, Math.min(s[0], end)]); }
      at = Math.max(at, s[1]);
    });
    if (end - at >= SHOWN_GAP) { out.push([at, end]); }
    return out;
  }

  function clock(seconds, up) {
    var s = up ? Math.ceil(seconds) : Math.floor(seconds);
    return Math.floor(s / 60) + ':' + ('0' + (s % 60)).slice(-2);
  }

  function complete(c) { return fraction(c) >= REQUIRED; }

  function update() {
    clips.forEach(function (c) {
      if (duration(c) === null) { return; }
      var done = complete(c);
      if (c.progress) { c.progress.textContent = done ? 'watched' : 'watched ' + Math.floor(fraction(c) * 100) + '%'; }
      if (c.skipped) {
        var missing = done ? [] : gaps(c);
        c.skipped.hidden = missing.length === 0;
        c.skipped.textContent = missing.length === 0 ? '' : 'You skipped part of this clip. Please watch the rest of it: '
          + missing.map(function (g) { return clock(g[0], false) + '-' + clock(g[1], true); }).join(', ');
      }
    });
    if (!requireEnd || !button) { return; }
    var all = clips.every(function (c) { return duration(c) !== null && complete(c) && c.pending === 0; });
    button.disabled = !all;
    if (hint) { hint.hidden = all; }
  }

  clips.forEach(function (c) {
    var v = c.video;
    var step = function () { return Math.min(1, (duration(c) || 8) / 8); };
    // no "Save video as" from the context menu (the controls offer no download either: controlslist)
    v.addEventListener('contextmenu', function (e) { e.preventDefault(); });
    // normal speed only: a changed rate is reported and set back to 1 (what played at another rate does not count)
    v.addEventListener('ratechange', function () {
      if (v.playbackRate !== 1) { c.chain = null; send(c, 'ratechange'); v.playbackRate = 1; }
    });
    v.addEventListener('play', function () {
      c.chain = null;
      advance(c, v.currentTime);
      c.reportedAt = v.currentTime;
      send(c, 'play');
    });
    v.addEventListener('timeupdate', function () {
      if (v.paused || v.seeking) { return; }
      advance(c, v.currentTime);
      c.furthest = Math.max(c.furthest, v.currentTime);
      if (c.reportedAt === null || v.currentTime - c.reportedAt >= step()) {
        c.reportedAt = v.currentTime;
        send(c, 'time');
      }
      update();
    });
    v.addEventListener('pause', function () {
      if (c.chain) { advance(c, v.currentTime); }
      c.chain = null;
      send(c, 'pause');
      update();
    });
    // before a seek: report where playback got to, so the part up to there counts
    v.addEventListener('seeking', function () {
      if (c.chain) { send(c, 'time', c.lastTime); }
      c.chain = null;
    });
    v.addEventListener('seeked', function () {
      c.furthest = Math.max(c.furthest, v.currentTime);
      c.reportedAt = v.currentTime;
      if (!v.paused) { advance(c, v.currentTime); }
      send(c, 'seeked');
      update();
    });
    v.addEventListener('ended', function () {
      var d = duration(c);
      if (c.chain && d !== null) { advance(c, d); }
      c.chain = null;
      c.furthest = d || c.furthest;
      send(c, 'ended');
      update();
    });
    v.addEventListener('loadedmetadata', update);
  });

  // a slider's answer is the hidden field beside it, filled only once the participant moves the slider
  Array.prototype.forEach.call(document.querySelectorAll('input[type=range][data-answer]'), function (input) {
    var out = document.getElementById(input.id + '-value');
    var answer = input.parentNode.querySelector('input[type=hidden][name="' + input.getAttribute('data-answer') + '"]');
    var set = function () {
      if (answer) { answer.value = input.value; }
      if (out) { out.textContent = input.value; }
      input.parentNode.classList.remove('untouched');
    };
    input.addEventListener('input', set);
    input.addEventListener('change', set);
  });

  update();
})();
