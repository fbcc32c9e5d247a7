// The only script of the review app (same origin, no inline code; see review/app.py). Progressive
// enhancement: every screen works without it.
//
// 1. Keyboard shortcuts. Each is also a visible link, button or field, declared in the templates
//    as data-shortcut="key" and shown beside it. Keys never act while the assessor types (a
//    reason, a level choice, any field) or holds Ctrl, Alt or Meta (the browser's and screen
//    readers' own shortcuts stay untouched), and one key press acts once: after a shortcut
//    submitted a form or followed a link, further keys are ignored, so a double press cannot
//    record a decision twice.
// 2. The cited page beside the decision is scrolled to about where the citation is on it
//    (data-focus: the citation's position in the page text, 0 = top, 1 = bottom).
(function () {
  "use strict";

  var done = false;

  function typing(target) {
    if (!(target instanceof Element)) {
      return false;
    }
    return target.isContentEditable || target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function keyOf(event) {
    if (typeof event.key !== "string") {
      return "";  // e.g. the keydown Chrome's autofill sends has no key
    }
    return event.key.length === 1 ? event.key.toLowerCase() : event.key;
  }

  function onKey(event) {
    if (done || event.defaultPrevented || event.repeat) {
      return;
    }
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event.target)) {
      return;
    }
    var key = keyOf(event);
    if (!key) {
      return;
    }
    var targets = document.querySelectorAll("[data-shortcut]");
    for (var i = 0; i < targets.length; i += 1) {
      var target = targets[i];
      if (target.getAttribute("data-shortcut") !== key) {
        continue;
      }
      event.preventDefault();
      if (target.matches("select, input, textarea")) {
        target.focus();  // choosing a level or writing a reason is the assessor's, never a key's
        return;
      }
      done = true;
      target.click();
      return;
    }
  }

  function focusPage() {
    var image = document.querySelector("img[data-focus]");
    if (!image) {
      return;
    }
    var scroll = function () {
      var pane = image.closest(".pane");
      var focus = parseFloat(image.getAttribute("data-focus"));
      if (!pane || isNaN(focus) || pane.scrollHeight <= pane.clientHeight) {
        return;
      }
      var top = image.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
      var target = top + focus * image.height - pane.clientHeight / 3;
      pane.scrollTop = Math.max(0, target);
    };
    if (image.complete) {
      scroll();
    } else {
      image.addEventListener("load", scroll);
    }
  }

  document.addEventListener("keydown", onKey);
  document.addEventListener("DOMContentLoaded", focusPage);
})();
