// Upload progress for forms with class "upload": the form is sent with XMLHttpRequest so a bar can follow the
// bytes; the page the server answers with (after its redirect) then replaces this one, messages included.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form.upload") || !window.XMLHttpRequest || !window.DOMParser) return;
  event.preventDefault();
  var bar = form.querySelector("progress");
  var button = form.querySelector("button[type=submit]");
  if (bar) bar.hidden = false;
  if (button) button.disabled = true;
  var xhr = new XMLHttpRequest();
  xhr.open("POST", form.action || window.location.href);
  xhr.upload.onprogress = function (e) { if (bar && e.lengthComputable) bar.value = 100 * e.loaded / e.total; };
  xhr.onload = function () {
    var page = new DOMParser().parseFromString(xhr.responseText, "text/html");
    document.title = page.title;
    document.body.replaceWith(page.body);
    if (xhr.responseURL) history.replaceState(null, "", xhr.responseURL);
    if (window.htmx) htmx.process(document.body);
    setUpTabs();
    dropScoringMessage();
  };
  xhr.onerror = function () { form.submit(); };
  xhr.send(new FormData(form));
});

// The competition tabs scroll sideways on a phone: mark the sides that hold more tabs (the CSS fades them) and
// bring the current tab into view.
function markTabOverflow(tabs) {
  var hidden = tabs.scrollWidth - tabs.clientWidth;
  tabs.classList.toggle("more-left", tabs.scrollLeft > 1);
  tabs.classList.toggle("more-right", hidden - tabs.scrollLeft > 1);
}
function setUpTabs() {
  document.querySelectorAll("nav.tabs").forEach(function (tabs) {
    var current = tabs.querySelector("[aria-current=page]");
    if (current && tabs.scrollWidth > tabs.clientWidth) {
      tabs.scrollLeft = current.offsetLeft + current.offsetWidth / 2 - tabs.clientWidth / 2;
    }
    markTabOverflow(tabs);
    tabs.addEventListener("scroll", function () { markTabOverflow(tabs); }, { passive: true });
  });
}
document.addEventListener("DOMContentLoaded", setUpTabs);
window.addEventListener("resize", function () { document.querySelectorAll("nav.tabs").forEach(markTabOverflow); });

// "It is being scored" is true only while a row is queued or scoring: drop the message once none is, on load
// (a fast scorer) or when the last polled row comes back scored.
function dropScoringMessage() {
  var pending = "[data-testid=submission-row][data-status=queued], [data-testid=submission-row][data-status=scoring]";
  if (document.querySelector(pending)) return;
  document.querySelectorAll(".message[data-tags~=while-scoring]").forEach(function (message) { message.remove(); });
}
document.addEventListener("DOMContentLoaded", dropScoringMessage);
document.addEventListener("htmx:afterSwap", dropScoringMessage);

// The Content-Security-Policy allows no inline style or script: htmx must not insert its indicator <style> (no
// page uses .htmx-indicator), and a form asks "are you sure?" through data-confirm instead of an onsubmit handler.
if (window.htmx) htmx.config.includeIndicatorStyles = false;
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);
