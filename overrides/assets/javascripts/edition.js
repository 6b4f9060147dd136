/* The edition's small behaviours. No dependencies, nothing loaded from elsewhere, no tracking.
 *
 * - "Cite this" box: each "Copy" button copies its citation as plain text.
 * - Each numbered paragraph gets a "copy citation" button: "Curtis 2018, ¶ 23, <link to ¶ 23>".
 * - Print: links whose text already is their address are marked, so that the print
 *   stylesheet does not print the address twice.
 * - Tooltips: an element of the text with a `title` (glossary terms, names, citations, the
 *   editor's notes, heading links) shows it in the theme's tooltip on hover and on focus.
 * Every copy is announced in a polite live region, so screen-reader users hear it worked.
 *
 * Start-up cost matters here: a text's page is long, and on a phone every millisecond spent
 * when the page loads delays the first tap. So nothing is done per link at load time (the
 * tooltips listen on the document once and build a tooltip only when one is wanted), and the
 * per-paragraph work runs in its own task, after the theme's, not inside it.
 */
(function () {
  "use strict";

  var CLIPBOARD_ICON =
    '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="14" height="14">' +
    '<path fill="currentColor" d="M19 21H8V7h11m0-2H8a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h11a2 2 0 0 0 ' +
    '2-2V7a2 2 0 0 0-2-2m-3-4H4a2 2 0 0 0-2 2v14h2V3h12z"/></svg>';

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  function statusRegion() {
    var region = document.querySelector(".ed-copy-status");
    if (!region) {
      region = document.createElement("p");
      region.className = "ed-copy-status";
      region.setAttribute("role", "status");
      region.setAttribute("aria-live", "polite");
      document.body.appendChild(region);
    }
    return region;
  }

  function announce(message) {
    var region = statusRegion();
    region.textContent = "";
    window.setTimeout(function () { region.textContent = message; }, 30);
  }

  function copyAndAnnounce(text, what, button) {
    copyText(text).then(function () {
      announce("Copied " + what + ": " + text);
      if (button) {
        button.classList.add("ed-copied");
        window.setTimeout(function () { button.classList.remove("ed-copied"); }, 1600);
      }
    }, function () {
      announce("Could not copy; select the text and copy it yourself.");
    });
  }

  function pageUrl() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var base = canonical ? canonical.href : window.location.href;
    return base.split("#")[0];
  }

  /* The "Cite this" box is a <details>: its summary says whether it is open (aria-expanded),
   * kept in step with the box, for screen readers that do not announce a summary's state. */
  function initDisclosures(root) {
    root.querySelectorAll(".md-content details.ed-cite > summary").forEach(function (summary) {
      var details = summary.parentElement;
      var sync = function () { summary.setAttribute("aria-expanded", details.open ? "true" : "false"); };
      sync();
      details.addEventListener("toggle", sync);
    });
  }

  function initCiteBox(root) {
    root.querySelectorAll("button.ed-copy[data-ed-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-ed-copy"));
        if (target) {
          copyAndAnnounce(target.textContent.trim(), "citation", button);
        }
      });
    });
  }

  function initParagraphCitations(root) {
    var box = root.querySelector("[data-ed-short-title]");
    if (!box) { return; }
    var shortTitle = box.getAttribute("data-ed-short-title");
    root.querySelectorAll("p.para[id] > a.para-num").forEach(function (number) {
      var para = number.parentElement;
      if (para.querySelector(".ed-para-cite")) { return; }
      var n = number.textContent.trim();
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ed-para-cite";
      button.setAttribute("aria-label", "Copy citation of ¶ " + n);
      button.innerHTML = CLIPBOARD_ICON;
      button.addEventListener("click", function () {
        var citation = shortTitle + ", ¶ " + n + ", " + pageUrl() + "#" + para.id;
        copyAndAnnounce(citation, "citation of ¶ " + n, button);
      });
      number.insertAdjacentElement("afterend", button);
    });
  }

  function markBareUrls(root) {
    root.querySelectorAll('.md-content a[href^="http"]').forEach(function (link) {
      if (link.textContent.trim() === link.getAttribute("href")) {
        link.setAttribute("data-ed-bare-url", "");
      }
    });
  }

  /* --- previews: tooltips (pointer, keyboard) and popovers (touch) ---------------------
   * An apparatus link of the text — a glossary term, a register's name, a citation, an
   * editor's lettered note, one of the author's numbered notes — previews what it points to:
   * the definition, identification or reference (the link's `title`) or the note itself.
   *
   * Tooltips. Material's `content.tooltips` (off in mkdocs.yml) mounts a tooltip component, a
   * dozen RxJS subscriptions and listeners each, on every element with a title when the page
   * loads: some 200 on the article's page, the largest part of the theme's start-up work there.
   * This does the same lazily: a few listeners on the document, and a tooltip is built only for
   * the element a reader hovers or focuses. It is Material's own markup (`md-tooltip2`, role
   * tooltip), so the theme's stylesheet places and styles it. The footnotes' tooltips are made
   * here too (Material's `content.footnote.tooltips` is off as well), so that a note and a term
   * behave alike and a long note scrolls inside its tooltip instead of being cut.
   * The title stays in the HTML: it is the description assistive technology announces, and the
   * browser's plain tooltip when scripts are off. While the styled tooltip shows, the title is
   * set aside (as Material does, or the browser would show its own as well) and the element's
   * aria-describedby names the tooltip. Escape dismisses it (WCAG 1.4.13); moving the pointer
   * onto it keeps it open (edition.css lets it take the pointer), so a long reference can be read.
   *
   * Popovers. A phone has no hover: a tap on such a link used to leave the text (a citation
   * opened the Bibliography). A tap (a touch or a pen, not a mouse or the keyboard) now opens
   * the preview in a popover at the foot of the screen: the whole text, scrolling if it is
   * long, a link to the entry, and a close button. A second tap on the same link, or the link
   * in the popover, follows it. The popover is a non-modal dialog: focus moves into it, Tab
   * reaches its link and its button, Escape, the button or a tap outside closes it and focus
   * returns to the link in the text.
   */
  var PREVIEW_LINKS = "a.term-ref, a.entity-ref, a.citation, sup.ed-ref > a, a.footnote-ref";
  var TIP_HOSTS = ".md-content [title], .md-content [data-ed-title], .md-content a.footnote-ref";
  var TIP_DELAY = 250;          // ms a tooltip stays after the pointer or focus left (Material's)
  var TOUCH_MEMORY = 1000;      // ms after a touch during which a click or hover counts as a tap
  var tipCount = 0;
  var tip = null;               // the open tooltip: {host, node, hovered, focused, overTip, timer}
  var lastTouch = -Infinity;    // when the last touch or pen contact began (performance.now())

  function recentTouch() {
    return performance.now() - lastTouch < TOUCH_MEMORY;
  }

  function tipHost(target) {
    return target && target.closest ? target.closest(TIP_HOSTS) : null;
  }

  /* The note a footnote marker points to, as nodes to show: its paragraphs, without the
   * "back to the text" link and without ids (the copy must not take the note's anchors). */
  function noteContent(host) {
    var href = host.getAttribute("href") || "";
    var note = href.charAt(0) === "#" ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
    if (!note) { return null; }
    var copy = note.cloneNode(true);
    copy.querySelectorAll(".footnote-backref").forEach(function (back) { back.remove(); });
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    var fragment = document.createDocumentFragment();
    while (copy.firstChild) { fragment.appendChild(copy.firstChild); }
    return fragment;
  }

  function titleOf(host) {
    var text = host.getAttribute("title");
    return text === null ? host.getAttribute("data-ed-title") : text;
  }

  function setTitleAside(host) {
    var text = host.getAttribute("title");
    if (text !== null) {
      host.setAttribute("data-ed-title", text);
      host.removeAttribute("title");
    }
  }

  function restoreTitle(host) {
    var title = host.getAttribute("data-ed-title");
    if (title !== null) {
      host.setAttribute("title", title);
      host.removeAttribute("data-ed-title");
    }
  }

  function closeTip(immediately) {
    if (!tip) { return; }
    var open = tip;
    tip = null;
    window.clearTimeout(open.timer);
    if (open.host.getAttribute("aria-describedby") === open.node.id) {
      open.host.removeAttribute("aria-describedby");
    }
    if (!popover || popover.host !== open.host) { restoreTitle(open.host); }
    open.node.classList.remove("md-tooltip2--active");
    // the theme fades a tooltip out in 250 ms; remove it afterwards
    window.setTimeout(function () { open.node.remove(); }, immediately ? 0 : TIP_DELAY);
  }

  function openTip(host) {
    if (tip && tip.host === host) {
      window.clearTimeout(tip.timer);
      return tip;
    }
    closeTip(true);
    var isNote = host.matches("a.footnote-ref");
    var note = isNote ? noteContent(host) : null;
    var text = isNote ? null : titleOf(host);
    if (!note && !text) { return null; }
    setTitleAside(host);

    var node = document.createElement("div");
    node.className = "md-tooltip2 md-tooltip2--bottom" + (note ? " ed-tip--note" : "");
    node.setAttribute("role", "tooltip");
    node.id = "ed-tooltip-" + (++tipCount);
    var inner = document.createElement("div");
    inner.className = "md-tooltip2__inner md-typeset";
    if (note) { inner.appendChild(note); } else { inner.textContent = text; }
    node.appendChild(inner);

    // Material's placement of a non-interactive tooltip: centred below the element, in page
    // coordinates (so it scrolls with the text), its width that of its content.
    var rect = host.getBoundingClientRect();
    node.style.setProperty("--md-tooltip-host-x", (rect.left + window.scrollX) + "px");
    node.style.setProperty("--md-tooltip-host-y", (rect.top + window.scrollY) + "px");
    node.style.setProperty("--md-tooltip-x", (rect.width / 2) + "px");
    node.style.setProperty("--md-tooltip-y", (8 + rect.height) + "px");
    node.style.setProperty("--md-tooltip-tail", "0px");
    document.body.appendChild(node);
    node.style.setProperty("--md-tooltip-width", inner.offsetWidth + "px");
    // Above the element when there is no room for it below but there is above, so that a long
    // note near the foot of the window is not cut by it.
    var height = inner.offsetHeight;
    if (rect.bottom + 8 + height > window.innerHeight && rect.top - 8 - height >= 0) {
      node.classList.replace("md-tooltip2--bottom", "md-tooltip2--top");
      node.style.setProperty("--md-tooltip-y", (-8 - height) + "px");
    }
    host.setAttribute("aria-describedby", node.id);

    tip = { host: host, node: node, hovered: false, focused: false, overTip: false, timer: 0 };
    // added in the next frame, so that the theme's fade-in transition runs
    window.requestAnimationFrame(function () {
      if (tip && tip.node === node) { node.classList.add("md-tooltip2--active"); }
    });
    return tip;
  }

  function closeTipSoon() {
    if (!tip || tip.hovered || tip.focused || tip.overTip) { return; }
    window.clearTimeout(tip.timer);
    tip.timer = window.setTimeout(function () { closeTip(false); }, TIP_DELAY);
  }

  /* --- the popover ------------------------------------------------------------------------ */

  var popover = null;           // the open popover: {host, node}
  var popoverCount = 0;
  var refocusing = false;       // focus is going back to the link a popover was opened from

  // What a link leads to, by the page it opens: the popover's heading and its link's words.
  var DESTINATIONS = [
    [/(^|\/)glossary\//, "Glossary", "Open in the Glossary"],
    [/(^|\/)persons\//, "Person", "Open in Persons"],
    [/(^|\/)places\//, "Place", "Open in Places"],
    [/(^|\/)organisations\//, "Organisation", "Open in Organisations"],
    [/(^|\/)bibliography\//, "Reference", "Open in the Bibliography"]
  ];

  function describe(host) {
    var href = host.getAttribute("href") || "";
    var words = host.textContent.trim();
    if (host.matches("a.footnote-ref")) {
      return { kind: "Note " + words, more: "Go to note " + words };
    }
    if (host.closest("sup.ed-ref")) {
      return { kind: "Editor’s note " + words, more: "Go to the editor’s note" };
    }
    for (var i = 0; i < DESTINATIONS.length; i++) {
      if (DESTINATIONS[i][0].test(href)) {
        return { kind: DESTINATIONS[i][1] + ": " + words, more: DESTINATIONS[i][2] };
      }
    }
    return { kind: words, more: "Follow the link" };
  }

  function closePopover(returnFocus) {
    if (!popover) { return; }
    var open = popover;
    popover = null;
    open.host.removeAttribute("aria-expanded");
    open.host.removeAttribute("aria-controls");
    restoreTitle(open.host);
    open.node.remove();
    if (returnFocus) {
      refocusing = true;        // no tooltip for it: the reader has just read the preview
      try { open.host.focus({ preventScroll: true }); } finally { refocusing = false; }
    }
  }

  function openPopover(host) {
    closeTip(true);
    closePopover(false);
    var isNote = host.matches("a.footnote-ref");
    var content = isNote ? noteContent(host) : null;
    var text = isNote ? null : titleOf(host);
    if (!content && !text) { return false; }
    var about = describe(host);
    // an editor's note's title opens with its own name ("Editor’s note c: …"): the heading says it
    if (text && text.indexOf(about.kind + ": ") === 0) { text = text.slice(about.kind.length + 2); }
    var id = "ed-popover-" + (++popoverCount);

    var node = document.createElement("div");
    node.className = "ed-popover";
    node.id = id;
    node.setAttribute("role", "dialog");
    node.setAttribute("aria-modal", "false");
    node.setAttribute("aria-labelledby", id + "-title");
    node.tabIndex = -1;

    var head = document.createElement("div");
    head.className = "ed-popover__head";
    var title = document.createElement("p");
    title.className = "ed-popover__title";
    title.id = id + "-title";
    title.textContent = about.kind;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "ed-popover__close";
    close.setAttribute("aria-label", "Close");
    close.innerHTML = '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20">' +
      '<path fill="currentColor" d="M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 ' +
      '12 13.41 17.59 19 19 17.59 13.41 12z"/></svg>';
    close.addEventListener("click", function () { closePopover(true); });
    // Tab order runs on from the link in the text: Tab past the popover's last stop goes to
    // what follows the link, Shift+Tab before its first stop to the link itself.
    node.addEventListener("keydown", function (event) {
      if (event.key !== "Tab") { return; }
      var stops = Array.prototype.filter.call(node.querySelectorAll("button, a[href], [tabindex='0']"),
        function (el) { return el.offsetParent !== null; });
      var active = document.activeElement;
      if (!event.shiftKey && active === stops[stops.length - 1]) {
        closePopover(true);     // the browser's Tab then moves on from the link
      } else if (event.shiftKey && (active === node || active === stops[0])) {
        event.preventDefault();
        closePopover(true);
      }
    });
    head.appendChild(title);
    head.appendChild(close);

    var body = document.createElement("div");
    body.className = "ed-popover__body md-typeset";
    if (content) { body.appendChild(content); } else {
      var para = document.createElement("p");
      para.textContent = text;
      body.appendChild(para);
    }

    var more = document.createElement("p");
    more.className = "ed-popover__more";
    var link = document.createElement("a");
    link.href = host.getAttribute("href");
    link.textContent = about.more;
    link.addEventListener("click", function () { closePopover(false); });
    more.appendChild(link);

    node.appendChild(head);
    node.appendChild(body);
    node.appendChild(more);
    document.body.appendChild(node);
    setTitleAside(host);   // the browser's own tooltip would show too
    host.setAttribute("aria-expanded", "true");
    host.setAttribute("aria-controls", id);
    popover = { host: host, node: node };

    // A long preview scrolls in its body; a keyboard can scroll it only if it can be focused.
    if (body.scrollHeight > body.clientHeight) {
      body.tabIndex = 0;
      body.setAttribute("role", "region");
      body.setAttribute("aria-label", about.kind);
    }
    // The popover covers the foot of the screen: keep the tapped link in sight above it.
    var hostRect = host.getBoundingClientRect();
    var free = window.innerHeight - node.offsetHeight - 12;
    if (hostRect.bottom > free) { window.scrollBy(0, hostRect.bottom - free); }
    node.focus({ preventScroll: true });
    return true;
  }

  function initPreviews() {
    document.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "touch" || event.pointerType === "pen") { lastTouch = performance.now(); }
    }, true);
    document.addEventListener("click", function (event) {
      var target = event.target;
      if (popover && popover.node.contains(target)) { return; }
      var host = target.closest ? target.closest(PREVIEW_LINKS) : null;
      if (host && !host.closest(".md-content")) { host = null; }
      if (host && popover && popover.host === host) {
        closePopover(false);   // the second tap follows the link
        return;
      }
      if (popover) {
        closePopover(false);   // a tap outside closes the popover, and does nothing else
        if (!host) { event.preventDefault(); return; }
      }
      if (host && host.hasAttribute("href") && recentTouch() && openPopover(host)) {
        event.preventDefault();
      }
    }, true);
    document.addEventListener("focusin", function (event) {
      if (popover && !popover.node.contains(event.target) && event.target !== popover.host) {
        closePopover(false);
      }
    });
  }

  function initTooltips() {
    document.addEventListener("mouseover", function (event) {
      if (tip && tip.node.contains(event.target)) {
        tip.overTip = true;
        window.clearTimeout(tip.timer);
        return;
      }
      if (recentTouch() || popover) { return; }   // a tap, not a hover: the popover shows it
      var host = tipHost(event.target);
      if (host) {
        var opened = openTip(host);
        if (opened) { opened.hovered = true; }
      }
    });
    document.addEventListener("mouseout", function (event) {
      if (!tip) { return; }
      var to = event.relatedTarget;
      if (tip.host.contains(event.target) && !(to && tip.host.contains(to))) { tip.hovered = false; }
      if (tip.node.contains(event.target) && !(to && tip.node.contains(to))) { tip.overTip = false; }
      closeTipSoon();
    });
    document.addEventListener("focusin", function (event) {
      var host = recentTouch() || popover || refocusing ? null : tipHost(event.target);
      if (host) {
        var opened = openTip(host);
        if (opened) { opened.focused = true; }
      } else if (tip && tip.focused) {
        tip.focused = false;
        closeTipSoon();
      }
    });
    document.addEventListener("focusout", function (event) {
      if (tip && tip.host === event.target) {
        tip.focused = false;
        closeTipSoon();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      if (popover) {
        closePopover(true);
      } else if (tip) {
        closeTip(false);
      }
    });
    // a tooltip is placed for the layout it opened in
    window.addEventListener("resize", function () { closeTip(true); });
  }

  /* --- reading mode: "Plain text" / "Annotated" -------------------------------------------
   * Annotated (the default) shows the apparatus's links quietly (edition.css); Plain text takes
   * them out: each term, name and citation link loses its href (kept aside in data-ed-href),
   * so it is neither drawn, nor a tab stop, nor announced as a link, nor a tooltip; the "see
   * also" lines are hidden. The choice is remembered for the reader in localStorage, under the
   * site's path (as the theme keeps its colour scheme), and set on <html> before the page is
   * drawn by a line in main.html, so a plain page never flashes its links.
   */
  var MODE_LINKS = ".md-content a.term-ref, .md-content a.entity-ref, .md-content a.citation";
  var MODE_KEY = "ed-reading-mode";

  function modeKey() {
    var scope = window.__md_scope;
    return (scope && scope.pathname ? scope.pathname : "/") + "." + MODE_KEY;
  }

  function storedMode() {
    try { return window.localStorage.getItem(modeKey()) === "plain" ? "plain" : "annotated"; } catch (e) {
      return "annotated";
    }
  }

  function applyMode(mode) {
    var plain = mode === "plain";
    closeTip(true);
    closePopover(false);
    document.documentElement.classList.toggle("ed-plain", plain);
    document.querySelectorAll(MODE_LINKS).forEach(function (link) {
      if (plain && link.hasAttribute("href")) {
        link.setAttribute("data-ed-href", link.getAttribute("href"));
        link.removeAttribute("href");
        if (link.hasAttribute("title")) {
          link.setAttribute("data-ed-plain-title", link.getAttribute("title"));
          link.removeAttribute("title");
        }
      } else if (!plain && link.hasAttribute("data-ed-href")) {
        link.setAttribute("href", link.getAttribute("data-ed-href"));
        link.removeAttribute("data-ed-href");
        if (link.hasAttribute("data-ed-plain-title")) {
          link.setAttribute("title", link.getAttribute("data-ed-plain-title"));
          link.removeAttribute("data-ed-plain-title");
        }
      }
    });
    document.querySelectorAll(".ed-mode button").forEach(function (button) {
      button.setAttribute("aria-pressed", button.getAttribute("data-ed-mode") === mode ? "true" : "false");
    });
  }

  function initReadingMode(root) {
    var facts = root.querySelector(".md-content .ed-reading");
    if (!facts || facts.querySelector(".ed-mode")) { return; }
    if (!root.querySelector(MODE_LINKS + ", .md-content p.see-also")) { return; }
    var group = document.createElement("span");
    group.className = "ed-mode";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Reading mode");
    [["plain", "Plain text"], ["annotated", "Annotated"]].forEach(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-ed-mode", choice[0]);
      button.textContent = choice[1];
      button.addEventListener("click", function () {
        try { window.localStorage.setItem(modeKey(), choice[0]); } catch (e) { /* private mode: this page only */ }
        applyMode(choice[0]);
        announce(choice[0] === "plain" ? "Plain text: the editor’s links are hidden."
          : "Annotated: the editor’s links are shown.");
      });
      group.appendChild(button);
    });
    facts.appendChild(document.createTextNode(" · "));
    facts.appendChild(group);
    applyMode(storedMode());
  }

  function initPage() {
    initCiteBox(document);
    initDisclosures(document);
    markBareUrls(document);
    initReadingMode(document);
    // Its own task: inserting a button into every numbered paragraph changes the layout of
    // the whole text, and inside the theme's start-up task it would make that longer still.
    window.setTimeout(function () { initParagraphCitations(document); }, 0);
  }

  initTooltips();   // listeners on the document: once, whatever page is shown
  initPreviews();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(initPage);   // Material's page-load observable (instant loading)
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initPage);
  } else {
    initPage();
  }
})();
