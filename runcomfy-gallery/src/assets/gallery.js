// The gallery: cards built from the records embedded above. Every piece of text from the
// records goes into the page as text (textContent, setAttribute), never as markup; links
// are relative paths (each segment percent-encoded) or http(s) URLs, nothing else.
(function () {
  'use strict';
  if (window.performance && performance.mark) performance.mark('runcomfy-gallery-start');
  var data = JSON.parse(document.getElementById('gallery-data').textContent);
  var records = Array.isArray(data.records) ? data.records : [];
  var statuses = data.statuses || {};
  var promptKeys = data.prompt_keys || ['prompt'];

  var KIND = {
    'done': 'ok', 'already done': 'ok',
    'failed': 'bad', 'rejected': 'bad', 'invalid': 'bad', 'not found': 'bad', 'download failed': 'bad',
    'outcome unknown': 'unknown'
  };
  function kindOf(status) { return KIND[status] || 'idle'; }

  function str(v) { return typeof v === 'string' ? v : ''; }
  function num(v) { return typeof v === 'number' && isFinite(v) ? v : null; }

  // An element with attributes (plain strings, set as attributes) and children (nodes or text).
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (Object.prototype.hasOwnProperty.call(attrs, k) && attrs[k] != null) el.setAttribute(k, String(attrs[k]));
      }
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null || c === false) continue;
      el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  // A path relative to this page, each segment percent-encoded (so `javascript:x` is a file
  // name, not a scheme); null for an absolute path, `..`, or anything odd.
  function fileHref(path) {
    path = str(path);
    if (!path || path.length > 4096 || path.charAt(0) === '/' || path.indexOf('\\') >= 0) return null;
    var parts = path.split('/');
    for (var i = 0; i < parts.length; i++) {
      if (parts[i] === '' || parts[i] === '.' || parts[i] === '..') return null;
      parts[i] = encodeURIComponent(parts[i]);
    }
    return parts.join('/');
  }
  // An output's remote URL, only when http(s).
  function remoteHref(url) {
    url = str(url);
    return /^https?:\/\//i.test(url) && url.length <= 8192 ? url : null;
  }

  function promptOf(input) {
    if (!input || typeof input !== 'object') return '';
    for (var i = 0; i < promptKeys.length; i++) {
      var v = input[promptKeys[i]];
      if (typeof v === 'string' && v) return v;
    }
    return '';
  }
  function clip(s, n) { return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }

  var usd = (function () {
    try {
      var f = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });
      return function (x) { return f.format(x); };
    } catch (e) { return function (x) { return '$' + x.toFixed(4); }; }
  })();
  function when(s) {
    var t = Date.parse(str(s));
    return isNaN(t) ? null : t;
  }
  function clock(t) {
    var d = new Date(t);
    return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
  }
  function seconds(ms) {
    var s = ms / 1000;
    return s < 60 ? s.toFixed(1) + ' s' : Math.floor(s / 60) + ' min ' + Math.round(s % 60) + ' s';
  }

  function labelOf(r) {
    var parts = [];
    if (num(r.line) !== null) parts.push('Line ' + r.line);
    if (str(r.id)) parts.push(str(r.id));
    if (!parts.length) parts.push(r.request_id ? 'Job ' + clip(str(r.request_id), 13) : 'Job');
    return parts.join(' \u00b7 ');
  }

  var grid = document.getElementById('cards');
  var items = [];          // {r, el (built when first shown), kind, status, model, cost, time, text, media}
  var PAGE = 120;          // cards added at a time: 5,000 jobs open as fast as 120

  var io = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) { activate(e.target); io.unobserve(e.target); }
    });
  }, { rootMargin: '600px 0px' }) : null;

  // Videos and sounds fetch nothing until their card nears the screen; a video then loads
  // its metadata and shows the frame at 0.1 s as its poster.
  function activate(el) {
    var src = el.getAttribute('data-src');
    if (!src || el.getAttribute('src')) return;
    el.preload = 'metadata';
    el.setAttribute('src', el.tagName === 'VIDEO' ? src + '#t=0.1' : src);
  }

  function missing(path) {
    return h('p', { 'class': 'missing' }, 'Missing file: ' + path);
  }

  function mediaFor(r, label, prompt, entry) {
    var files = Array.isArray(r.files) ? r.files : [];
    var visual = files.filter(function (f) { return f && (f.kind === 'image' || f.kind === 'video'); }).length;
    var box = h('div', { 'class': 'media' + (visual > 1 ? ' many' : '') });
    var n = 0;
    files.forEach(function (f, i) {
      if (!f || typeof f !== 'object') return;
      var href = fileHref(f.path);
      var what = (f.kind === 'image' ? 'Image ' : f.kind === 'video' ? 'Video ' : f.kind === 'audio' ? 'Audio ' : 'File ') +
        (i + 1) + ' of ' + files.length + ' of ' + label;
      var alt = prompt ? what + ': ' + clip(prompt, 300) : what;
      if (!href) {
        var remote = remoteHref(f.url);
        box.appendChild(h('p', { 'class': 'missing' }, 'Not on disk' + (f.path ? ' (' + str(f.path) + ')' : ''),
          remote ? ' \u00b7 ' : '', remote ? h('a', { href: remote, rel: 'noreferrer noopener' }, 'source URL') : ''));
        return;
      }
      if (f.kind === 'image') {
        var img = h('img', { src: href, alt: alt, loading: 'lazy', decoding: 'async', 'class': 'thumb-img' });
        img.addEventListener('error', function () { a.replaceWith(missing(str(f.path))); entry.missingFiles++; });
        var a = h('a', { href: href, 'class': 'thumb', 'data-view': String(n), title: 'Open ' + str(f.path) }, img);
        n++;
        box.appendChild(a);
      } else if (f.kind === 'video' || f.kind === 'audio') {
        var isVideo = f.kind === 'video';
        var m = h(isVideo ? 'video' : 'audio', { controls: '', preload: 'none', 'data-src': href, 'aria-label': alt });
        m.addEventListener('error', function () { m.replaceWith(missing(str(f.path))); entry.missingFiles++; });
        if (io) { io.observe(m); } else { activate(m); }
        if (isVideo) n++;
        box.appendChild(m);
        box.appendChild(h('a', { href: href, 'class': 'file' }, str(f.path)));
      } else {
        box.appendChild(h('a', { href: href, 'class': 'file' }, str(f.path)));
      }
    });
    return box.childNodes.length ? box : null;
  }

  function errorBox(r, status) {
    var e = r.error && typeof r.error === 'object' ? r.error : null;
    var info = statuses[status];
    var advice = info && info.advice ? info.advice : '';
    if (!e && !advice) return null;
    var box = h('div', { 'class': 'error', role: 'note' });
    if (e) {
      box.appendChild(h('p', null, h('strong', null, str(e.kind) || 'error'), ': ', clip(str(e.message), 4000)));
      var vs = Array.isArray(e.violations) ? e.violations : [];
      if (vs.length) {
        var ul = h('ul');
        vs.slice(0, 50).forEach(function (v) {
          if (v && typeof v === 'object') ul.appendChild(h('li', null, h('code', null, str(v.pointer) || '/'), ' ', str(v.message)));
        });
        if (vs.length > 50) ul.appendChild(h('li', null, (vs.length - 50) + ' more'));
        box.appendChild(ul);
      }
    }
    if (advice) box.appendChild(h('p', { 'class': 'advice' }, 'What to do: ' + advice));
    return box;
  }

  function valueText(v) {
    if (typeof v === 'string') return clip(v, 4000);
    try { return clip(JSON.stringify(v, null, 1), 4000); } catch (e) { return String(v); }
  }

  // Details built when first opened: 5,000 cards stay light.
  function lazyDetails(summary, build) {
    var d = h('details', null, h('summary', null, summary));
    d.addEventListener('toggle', function once() {
      if (!d.open) return;
      d.removeEventListener('toggle', once);
      d.appendChild(build());
    });
    return d;
  }

  function inputOf(r) { return r.input && typeof r.input === 'object' && !Array.isArray(r.input) ? r.input : null; }

  // What filters, sorts and the viewer need, without any element.
  function entryOf(r, index) {
    var status = str(r.status) || 'unknown';
    var label = labelOf(r);
    var prompt = promptOf(inputOf(r));
    var files = Array.isArray(r.files) ? r.files : [];
    var media = [];
    files.forEach(function (f, i) {
      if (!f || typeof f !== 'object' || (f.kind !== 'image' && f.kind !== 'video')) return;
      var href = fileHref(f.path);
      if (!href) return;
      var what = (f.kind === 'image' ? 'Image ' : 'Video ') + (i + 1) + ' of ' + files.length + ' of ' + label;
      media.push({ kind: f.kind, href: href, alt: prompt ? what + ': ' + clip(prompt, 300) : what });
    });
    return {
      r: r, index: index, status: status, kind: kindOf(status), model: str(r.model_id), label: label, prompt: prompt,
      cost: num(r.cost), line: num(r.line),
      time: when(r.finished_at) || when(r.started_at) || when(r.submitted_at),
      text: [prompt, str(r.id), str(r.request_id), str(r.model_id), r.line != null ? String(r.line) : ''].join('\n').toLowerCase(),
      media: media, el: null, missingFiles: 0
    };
  }

  function elOf(entry) {
    if (!entry.el) entry.el = card(entry);
    return entry.el;
  }

  function card(entry) {
    var r = entry.r, index = entry.index, status = entry.status, kind = entry.kind, label = entry.label;
    var input = inputOf(r);
    var prompt = entry.prompt;
    var headId = 'c' + index;
    var el = h('article', { 'class': 'card k-' + kind, tabindex: '-1', 'aria-labelledby': headId, 'data-status': status, 'data-model': entry.model },
      h('h2', { id: headId }, h('span', { 'class': 'label' }, label), h('span', { 'class': 'badge' }, status)));
    var media = mediaFor(r, label, prompt, entry);
    if (media) el.appendChild(media);
    el.appendChild(prompt ? h('p', { 'class': 'prompt' }, clip(prompt, 20000)) : h('p', { 'class': 'noprompt' }, 'No prompt'));
    var facts = h('dl', { 'class': 'facts' }, h('dt', null, 'Model'), h('dd', null, entry.model));
    facts.appendChild(h('dt', null, 'Cost'));
    facts.appendChild(h('dd', null, entry.cost !== null ? usd(entry.cost) : 'not reported'));
    var sub = when(r.submitted_at), fin = when(r.finished_at);
    if (sub !== null || fin !== null) {
      facts.appendChild(h('dt', null, 'Time'));
      facts.appendChild(h('dd', null, (fin !== null ? 'finished ' + clock(fin) : 'submitted ' + clock(sub)) +
        (sub !== null && fin !== null && fin >= sub ? ' \u00b7 took ' + seconds(fin - sub) : '')));
    }
    if (str(r.request_id)) {
      facts.appendChild(h('dt', null, 'Request'));
      facts.appendChild(h('dd', null, h('code', null, str(r.request_id))));
    }
    el.appendChild(facts);
    var err = kind === 'ok' ? null : errorBox(r, status);
    if (err) el.appendChild(err);
    if (input) {
      var keys = Object.keys(input);
      el.appendChild(lazyDetails('Input (' + keys.length + (keys.length === 1 ? ' field)' : ' fields)'), function () {
        var dl = h('dl');
        keys.forEach(function (k) { dl.appendChild(h('dt', null, k)); dl.appendChild(h('dd', null, valueText(input[k]))); });
        return dl;
      }));
    }
    var files = Array.isArray(r.files) ? r.files : [];
    if (files.length) {
      el.appendChild(lazyDetails('Files (' + files.length + ')', function () {
        var ul = h('ul');
        files.forEach(function (f) {
          if (!f || typeof f !== 'object') return;
          var href = fileHref(f.path), remote = remoteHref(f.url);
          ul.appendChild(h('li', null,
            href ? h('a', { href: href }, str(f.path)) : (str(f.path) || 'not on disk'),
            num(f.bytes) !== null ? ' (' + Math.round(f.bytes / 1024) + ' KiB)' : '',
            remote ? ' \u00b7 ' : '', remote ? h('a', { href: remote, rel: 'noreferrer noopener' }, 'source URL') : ''));
        });
        return ul;
      }));
    }
    return el;
  }

  records.forEach(function (r, i) {
    if (r && typeof r === 'object') items.push(entryOf(r, i));
  });

  // Header: totals and the filter choices, with counts.
  function countBy(key) {
    var m = {};
    items.forEach(function (e) { m[e[key]] = (m[e[key]] || 0) + 1; });
    return m;
  }
  function spent(list) {
    var total = 0, unknown = 0;
    list.forEach(function (e) { if (e.cost !== null) total += e.cost; else if (e.kind === 'ok') unknown++; });
    return { total: total, unknown: unknown };
  }
  function spentText(s) {
    return usd(s.total) + (s.unknown ? ' (+ ' + s.unknown + (s.unknown === 1 ? ' finished job' : ' finished jobs') + ' with no reported cost)' : '');
  }
  var byStatus = countBy('status'), byModel = countBy('model');
  var all = spent(items);
  var summary = document.getElementById('summary');
  summary.textContent = '';
  summary.appendChild(h('strong', null, items.length + (items.length === 1 ? ' job' : ' jobs')));
  Object.keys(byStatus).sort().forEach(function (s) { summary.appendChild(document.createTextNode(' \u00b7 ' + byStatus[s] + ' ' + s)); });
  summary.appendChild(document.createTextNode(' \u00b7 spent '));
  summary.appendChild(h('strong', { id: 'spent' }, spentText(all)));

  var modelSel = document.getElementById('f-model'), statusSel = document.getElementById('f-status');
  var sortSel = document.getElementById('f-sort'), search = document.getElementById('f-search');
  Object.keys(byModel).sort().forEach(function (m) { modelSel.appendChild(h('option', { value: m }, m + ' (' + byModel[m] + ')')); });
  var attention = items.filter(function (e) { return e.kind !== 'ok'; }).length;
  statusSel.appendChild(h('option', { value: '!ok' }, 'needs attention (' + attention + ')'));
  Object.keys(byStatus).sort().forEach(function (s) { statusSel.appendChild(h('option', { value: s }, s + ' (' + byStatus[s] + ')')); });

  var visible = items.slice();   // the shown jobs, in order
  var rendered = 0;              // how many of them have their card in the page
  var shown = document.getElementById('shown');
  var moreBtn = document.getElementById('more');
  function cmpNum(a, b, dir) {
    if (a === b) return 0;
    if (a === null) return 1;          // unknown values last, whatever the direction
    if (b === null) return -1;
    return dir * (a - b);
  }
  function byLine(a, b) { return cmpNum(a.line, b.line, 1) || a.index - b.index; }
  var SORTS = {
    'line': byLine,
    'cost-desc': function (a, b) { return cmpNum(a.cost, b.cost, -1) || byLine(a, b); },
    'cost-asc': function (a, b) { return cmpNum(a.cost, b.cost, 1) || byLine(a, b); },
    'time-desc': function (a, b) { return cmpNum(a.time, b.time, -1) || byLine(a, b); },
    'time-asc': function (a, b) { return cmpNum(a.time, b.time, 1) || byLine(a, b); }
  };

  // Adds the next cards of the shown jobs (as the reader scrolls near the end, or asks).
  function more(upTo) {
    var end = Math.min(visible.length, Math.max(rendered + PAGE, upTo || 0));
    if (end <= rendered) return;
    var f = document.createDocumentFragment();
    for (var i = rendered; i < end; i++) f.appendChild(elOf(visible[i]));
    grid.appendChild(f);
    rendered = end;
    var left = visible.length - rendered;
    moreBtn.hidden = left <= 0;
    moreBtn.textContent = 'Show ' + Math.min(PAGE, left) + ' more (' + left + ' not shown yet)';
  }

  function apply() {
    var model = modelSel.value, status = statusSel.value;
    var q = search.value.trim().toLowerCase();
    var sort = SORTS[sortSel.value] || byLine;
    visible = items.filter(function (e) {
      return (!model || e.model === model) &&
        (!status || (status === '!ok' ? e.kind !== 'ok' : e.status === status)) &&
        (!q || e.text.indexOf(q) >= 0);
    }).sort(sort);
    grid.textContent = '';
    rendered = 0;
    more();
    var s = spent(visible);
    shown.textContent = visible.length === items.length
      ? 'Showing all ' + items.length + (items.length === 1 ? ' job' : ' jobs') + '.'
      : 'Showing ' + visible.length + ' of ' + items.length + ' jobs \u00b7 ' + spentText(s) + ' spent on these.';
    document.body.setAttribute('data-shown', String(visible.length));
  }
  moreBtn.addEventListener('click', function () { more(); });
  // Near the end of the page, the next cards come in. Observed anew after each page, so that
  // a button still near the screen (no change to report) loads the next page too.
  var nearEnd = 'IntersectionObserver' in window ? new IntersectionObserver(function (es) {
    if (es.some(function (e) { return e.isIntersecting; }) && rendered < visible.length) {
      more();
      nearEnd.unobserve(moreBtn);
      nearEnd.observe(moreBtn);
    }
  }, { rootMargin: '1500px 0px' }) : null;
  if (nearEnd) nearEnd.observe(moreBtn);
  [modelSel, statusSel, sortSel].forEach(function (s) { s.addEventListener('change', apply); });
  var typing = 0;
  search.addEventListener('input', function () { clearTimeout(typing); typing = setTimeout(apply, 120); });
  apply();

  // The viewer: a dialog over the page; arrows step through the shown images and videos.
  var viewer = document.getElementById('viewer');
  var stage = document.getElementById('v-stage'), caption = document.getElementById('v-caption');
  var openLink = document.getElementById('v-open');
  var seq = [], at = 0;
  function visibleMedia() {
    var list = [];
    visible.forEach(function (e) { e.media.forEach(function (m) { list.push({ e: e, m: m }); }); });
    return list;
  }
  function show(i) {
    if (!seq.length) return;
    at = (i + seq.length) % seq.length;
    var it = seq[at];
    stage.textContent = '';
    stage.appendChild(it.m.kind === 'video'
      ? h('video', { src: it.m.href, controls: '', autoplay: '', 'aria-label': it.m.alt })
      : h('img', { src: it.m.href, alt: it.m.alt }));
    caption.textContent = (at + 1) + ' / ' + seq.length + ' \u00b7 ' + it.m.alt;
    openLink.setAttribute('href', it.m.href);
  }
  function openViewer(entry, n) {
    if (typeof viewer.showModal !== 'function') return false;
    seq = visibleMedia();
    var i = seq.findIndex(function (x) { return x.e === entry && x.m === entry.media[n]; });
    if (i < 0) return false;
    viewer.showModal();
    show(i);
    return true;
  }
  grid.addEventListener('click', function (ev) {
    if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
    var a = ev.target.closest && ev.target.closest('a.thumb');
    if (!a) return;
    var cardEl = a.closest('.card');
    var entry = items.find(function (e) { return e.el === cardEl; });
    if (entry && openViewer(entry, Number(a.getAttribute('data-view')))) ev.preventDefault();
  });
  document.getElementById('v-prev').addEventListener('click', function () { show(at - 1); });
  document.getElementById('v-next').addEventListener('click', function () { show(at + 1); });
  document.getElementById('v-close').addEventListener('click', function () { viewer.close(); });
  viewer.addEventListener('close', function () {
    stage.textContent = '';
    var it = seq[at];
    if (it) {
      more(visible.indexOf(it.e) + 1);
      elOf(it.e).focus({ preventScroll: false });
    }
  });
  viewer.addEventListener('keydown', function (ev) {
    if (ev.key === 'ArrowLeft') { show(at - 1); ev.preventDefault(); }
    else if (ev.key === 'ArrowRight') { show(at + 1); ev.preventDefault(); }
  });

  // Keys on the page: `/` to search, `j`/`k` to the next or previous shown card.
  function typingIn(t) { return t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable); }
  document.addEventListener('keydown', function (ev) {
    if (viewer.open || ev.ctrlKey || ev.metaKey || ev.altKey || typingIn(ev.target)) return;
    if (ev.key === '/') { search.focus(); ev.preventDefault(); return; }
    if (ev.key !== 'j' && ev.key !== 'k') return;
    var list = visible;
    if (!list.length) return;
    var cur = document.activeElement && document.activeElement.closest ? document.activeElement.closest('.card') : null;
    var i = list.findIndex(function (e) { return e.el === cur; });
    var next = i < 0 ? 0 : Math.max(0, Math.min(list.length - 1, i + (ev.key === 'j' ? 1 : -1)));
    more(next + 1);
    list[next].el.focus();
    list[next].el.scrollIntoView({ block: 'nearest' });
    ev.preventDefault();
  });
  document.body.setAttribute('data-ready', 'true');
  if (window.performance && performance.mark) performance.mark('runcomfy-gallery-ready');
})();
