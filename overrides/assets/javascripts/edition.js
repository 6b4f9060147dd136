/* The edition's small behaviours. No dependencies, nothing loaded from elsewhere, no tracking.
 *
 * - "Cite this" box: each "Copy" button copies its citation as plain text.
 * - Each numbered paragraph gets a "copy citation" button: "Curtis 2018, ¶ 23, <link to ¶ 23>".
 * - Print: links whose text already is their address are marked, so that the print
 *   stylesheet does not print the address twice.
 * Every copy is announced in a polite live region, so screen-reader users hear it worked.
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

  function init() {
    initCiteBox(document);
    initParagraphCitations(document);
    markBareUrls(document);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);   // Material's page-load observable (instant loading)
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
