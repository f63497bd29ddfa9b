// 互动交流 letter form (/hudong/write): solves the proof of work (platform/pow rule:
// sha256(challenge + nonce) has `difficulty` leading zero bits) and posts the letter as JSON to
// /api/open/letters. Without JavaScript the page still reads; sending needs this script.
(function () {
  'use strict';
  var form = document.getElementById('letter-form');
  if (!form || !window.crypto || !window.crypto.subtle) return;
  var send = document.getElementById('l-send');
  var out = document.getElementById('letter-result');
  var note = document.getElementById('letter-note');
  send.disabled = false;
  if (note) note.hidden = true;
  function zeroBits(buf) {
    var b = new Uint8Array(buf), n = 0;
    for (var i = 0; i < b.length; i++) {
      if (b[i] === 0) { n += 8; continue; }
      return n + Math.clz32(b[i]) - 24;
    }
    return n;
  }
  async function solve(challenge, difficulty) {
    var enc = new TextEncoder();
    for (var i = 0; ; i++) {
      var d = await crypto.subtle.digest('SHA-256', enc.encode(challenge + i));
      if (zeroBits(d) >= difficulty) return String(i);
    }
  }
  function say(text, isError) {
    out.textContent = '';
    var p = document.createElement('p');
    if (isError) p.setAttribute('role', 'alert');
    p.textContent = text;
    out.appendChild(p);
  }
  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    if (!form.reportValidity()) return;
    send.disabled = true;
    say(form.dataset.computing, false);
    try {
      var c = await (await fetch('/api/open/letters/challenge', { credentials: 'same-origin' })).json();
      var nonce = await solve(c.challenge, c.difficulty);
      var f = new FormData(form);
      var body = {
        kind: f.get('kind'), orgUnitId: Number(f.get('orgUnitId')), subject: f.get('subject'), body: f.get('body'),
        writerName: f.get('writerName'), writerPhone: f.get('writerPhone'), consentPublish: f.get('consentPublish') === '1',
        pow: { challenge: c.challenge, nonce: nonce },
      };
      var res = await fetch('/api/open/letters', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      var data = await res.json();
      if (!res.ok) { say((data.error && data.error.message) || String(res.status), true); send.disabled = false; return; }
      form.hidden = true;
      out.textContent = '';
      var h = document.createElement('h2'); h.textContent = form.dataset.sent; out.appendChild(h);
      var p = document.createElement('p'); p.textContent = form.dataset.sentInfo; out.appendChild(p);
      var dl = document.createElement('dl');
      [[form.dataset.letterNo, data.letterNo, 'letter-no'], [form.dataset.queryCode, data.queryCode, 'query-code'], [form.dataset.due, data.dueDate, 'due-date']].forEach(function (kv) {
        var dt = document.createElement('dt'); dt.textContent = kv[0];
        var dd = document.createElement('dd'); dd.textContent = kv[1]; dd.id = kv[2];
        dl.appendChild(dt); dl.appendChild(dd);
      });
      out.appendChild(dl);
      h.tabIndex = -1; h.focus();
    } catch (e) {
      say(String(e), true);
      send.disabled = false;
    }
  });
})();
