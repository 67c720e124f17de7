// The study's only script: reports video events to /event and, on pages that need it, keeps the
// submit button disabled until every video has played to its end (the server checks this again).
(function () {
  'use strict';
  var form = document.getElementById('page-form');
  if (!form) { return; }
  var csrf = form.getAttribute('data-csrf');
  var page = parseInt(form.getAttribute('data-page'), 10);
  var requireEnd = form.getAttribute('data-require-end') === 'true';
  var button = document.getElementById('next');
  var hint = document.getElementById('watch-hint');
  var videos = Array.prototype.slice.call(document.querySelectorAll('video[data-label]'));
  var ended = {};
  // videos watched to the end before a reload: the server marks them, so they need not be watched again
  videos.forEach(function (v) { if (v.getAttribute('data-ended') === 'true') { ended[v.getAttribute('data-label')] = true; } });

  function send(video, type) {
    return fetch('/event', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify({ page: page, video: video.getAttribute('data-label'), event: type,
                             mediaTime: video.currentTime, clientTime: Date.now() })
    });
  }

  function update() {
    if (!requireEnd || !button) { return; }
    var all = videos.every(function (v) { return ended[v.getAttribute('data-label')]; });
    button.disabled = !all;
    if (hint) { hint.hidden = all; }
  }

  videos.forEach(function (v) {
    ['play', 'pause', 'seeked'].forEach(function (type) {
      v.addEventListener(type, function () { send(v, type).catch(function () {}); });
    });
    v.addEventListener('ended', function () {
      var tries = 0;
      (function attempt() {
        send(v, 'ended').then(function (r) {
          if (!r.ok) { throw new Error('status ' + r.status); }
          ended[v.getAttribute('data-label')] = true;
          update();
        }).catch(function () {
          tries += 1;
          if (tries < 6) { setTimeout(attempt, 1000 * tries); }
        });
      })();
    });
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
