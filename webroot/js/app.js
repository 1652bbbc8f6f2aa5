// Convene: small improvements on top of pages that work without JavaScript.
(function () {
  'use strict';

  // Event times are shown in the event's own zone ("(Berlin time)"). A visitor elsewhere also
  // gets the time on their own clock, but only when the two clocks differ at that moment.
  function cityOf(zone) {
    return zone.indexOf('/') < 0 ? zone : zone.slice(zone.lastIndexOf('/') + 1).replace(/_/g, ' ');
  }

  function showLocalTimes() {
    var here;
    try {
      here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    if (!here) return;
    var times = document.querySelectorAll('time[data-zone][datetime]');
    Array.prototype.forEach.call(times, function (t) {
      var zone = t.getAttribute('data-zone');
      if (zone === here) return;
      var start = new Date(t.getAttribute('datetime'));
      var end = t.getAttribute('data-ends') ? new Date(t.getAttribute('data-ends')) : null;
      if (isNaN(start.getTime())) return;
      var day = { weekday: 'short', day: 'numeric', month: 'short' };
      var clock = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
      function fmt(date, tz, opts) {
        return new Intl.DateTimeFormat('en-GB', Object.assign({ timeZone: tz }, opts)).format(date);
      }
      var theirs = fmt(start, zone, Object.assign({}, day, clock));
      var mine = fmt(start, here, Object.assign({}, day, clock));
      if (theirs === mine) return;
      var text = fmt(start, here, day) + ', ' + fmt(start, here, clock);
      if (end && !isNaN(end.getTime())) {
        var sameDay = fmt(start, here, day) === fmt(end, here, day);
        text += sameDay ? '–' + fmt(end, here, clock)
          : ' – ' + fmt(end, here, day) + ', ' + fmt(end, here, clock);
      }
      var note = document.createElement('span');
      note.className = 'local-time';
      note.textContent = 'Your time: ' + text + ' (' + cityOf(here) + ' time)';
      t.insertAdjacentElement('afterend', note);
    });
  }

  // A "Copy" button next to private links and tokens, so people need not select long text.
  var status;
  function announce(message) {
    if (!status) {
      status = document.createElement('p');
      status.className = 'visually-hidden';
      status.setAttribute('role', 'status');
      document.body.appendChild(status);
    }
    status.textContent = '';
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'offscreen';
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand('copy');
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error('copy refused'));
    });
  }

  function addCopyButtons() {
    var items = document.querySelectorAll('.copyable');
    Array.prototype.forEach.call(items, function (el) {
      var label = el.getAttribute('data-copy-label') || 'Copy link';
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'button secondary small copy-button';
      button.textContent = label;
      button.addEventListener('click', function () {
        copyText(el.textContent.trim()).then(function () {
          button.textContent = 'Copied';
          announce('Copied to the clipboard.');
          window.setTimeout(function () { button.textContent = label; }, 2500);
        }, function () {
          announce('Copying did not work; select the text and copy it yourself.');
        });
      });
      el.insertAdjacentElement('afterend', button);
    });
  }

  // A form shown again with mistakes: start where the problem is. The page title already says
  // "Error:" for screen readers without this; here the focus moves to the summary (or, where a
  // page has none, the first field to fix), so keyboard and screen reader users land on it.
  function focusFirstProblem() {
    var main = document.getElementById('main');
    if (!main) return;
    var summary = main.querySelector('.notice-error[role=alert]');
    var target = summary || main.querySelector('[aria-invalid=true]');
    if (!target) return;
    if (target === summary) target.setAttribute('tabindex', '-1');
    target.focus();
  }

  // A time-zone choice nobody has made yet starts at the visitor's own zone, when the list has it.
  function preselectLocalZone() {
    var here;
    try {
      here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch (e) {
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll('select[data-local-zone]'), function (s) {
      for (var i = 0; i < s.options.length; i++) {
        if (s.options[i].value === here) {
          s.selectedIndex = i;
          return;
        }
      }
    });
  }

  // The member import takes the CSV pasted into its textarea; with JavaScript the office may
  // pick the file instead, read here into that textarea (the file field itself is never sent).
  function offerCsvFilePicker() {
    Array.prototype.forEach.call(document.querySelectorAll('[data-csv-file]'), function (box) {
      var input = box.querySelector('input[type=file]');
      var target = document.getElementById(box.getAttribute('data-csv-file'));
      if (!input || !target || typeof FileReader === 'undefined') return;
      box.hidden = false;
      input.addEventListener('change', function () {
        if (!input.files || !input.files[0]) return;
        var reader = new FileReader();
        reader.onload = function () { target.value = String(reader.result); };
        reader.readAsText(input.files[0], 'utf-8');
      });
    });
  }

  function start() {
    showLocalTimes();
    preselectLocalZone();
    addCopyButtons();
    offerCsvFilePicker();
    // after the browser's own scroll to a #fragment (the RSVP form posts to #rsvp), which would
    // otherwise take the focus back to the document
    window.addEventListener('load', function () { window.setTimeout(focusFirstProblem, 0); });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
}());
