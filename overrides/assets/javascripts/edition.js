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

  /* --- tooltips ------------------------------------------------------------------------
   * Material's `content.tooltips` (off in mkdocs.yml) mounts a tooltip component, a dozen
   * RxJS subscriptions and listeners each, on every element with a title when the page loads:
   * some 200 on the article's page, the largest part of the theme's start-up work there. This
   * does the same lazily: a few listeners on the document, and a tooltip is built only for the
   * element a reader hovers or focuses. It is Material's own markup (`md-tooltip2`, role
   * tooltip), so the theme's stylesheet places and styles it as before.
   * The title stays in the HTML: it is the description assistive technology announces, and the
   * browser's plain tooltip when scripts are off. While the styled tooltip shows, the title is
   * set aside (as Material does, or the browser would show its own as well) and the element's
   * aria-describedby names the tooltip. Escape dismisses it (WCAG 1.4.13); moving the pointer
   * onto it keeps it open (edition.css lets it take the pointer), so a long reference can be read.
   */
  var TIP_HOSTS = ".md-content [title], .md-content [data-ed-title]";
  var TIP_DELAY = 250;          // ms a tooltip stays after the pointer or focus left (Material's)
  var tipCount = 0;
  var tip = null;               // the open tooltip: {host, node, hovered, focused, overTip, timer}

  function tipHost(target) {
    return target && target.closest ? target.closest(TIP_HOSTS) : null;
  }

  function closeTip(immediately) {
    if (!tip) { return; }
    var open = tip;
    tip = null;
    window.clearTimeout(open.timer);
    if (open.host.getAttribute("aria-describedby") === open.node.id) {
      open.host.removeAttribute("aria-describedby");
    }
    var title = open.host.getAttribute("data-ed-title");
    if (title !== null) {
      open.host.setAttribute("title", title);
      open.host.removeAttribute("data-ed-title");
    }
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
    var text = host.getAttribute("title");
    if (text === null) { text = host.getAttribute("data-ed-title"); }
    if (!text) { return null; }
    host.setAttribute("data-ed-title", text);
    host.removeAttribute("title");

    var node = document.createElement("div");
    node.className = "md-tooltip2 md-tooltip2--bottom";
    node.setAttribute("role", "tooltip");
    node.id = "ed-tooltip-" + (++tipCount);
    var inner = document.createElement("div");
    inner.className = "md-tooltip2__inner md-typeset";
    inner.textContent = text;
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

  function initTooltips() {
    document.addEventListener("mouseover", function (event) {
      if (tip && tip.node.contains(event.target)) {
        tip.overTip = true;
        window.clearTimeout(tip.timer);
        return;
      }
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
      var host = tipHost(event.target);
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
      if (event.key === "Escape" && tip) { closeTip(false); }
    });
    // a tooltip is placed for the layout it opened in
    window.addEventListener("resize", function () { closeTip(true); });
  }

  function initPage() {
    initCiteBox(document);
    markBareUrls(document);
    // Its own task: inserting a button into every numbered paragraph changes the layout of
    // the whole text, and inside the theme's start-up task it would make that longer still.
    window.setTimeout(function () { initParagraphCitations(document); }, 0);
  }

  initTooltips();   // listeners on the document: once, whatever page is shown
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(initPage);   // Material's page-load observable (instant loading)
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initPage);
  } else {
    initPage();
  }
})();
