// Behaviour that would otherwise be inline (the Content-Security-Policy allows scripts from this site only).
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  }
});

// Confirmation before a consequential action (ansinh.core.webkit.confirm). A form marked data-confirm asks
// the server what will happen (the same question the page without JavaScript shows) and shows it in a
// <dialog>; Confirm submits the original form with the server's digest, Cancel closes the dialog.
(function () {
  function hidden(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    input.setAttribute("data-confirm-added", "");
    form.appendChild(input);
  }

  function resubmit(form, submitter) {
    if (form.requestSubmit) {
      submitter && submitter.form === form ? form.requestSubmit(submitter) : form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function ask(form, html, go) {
    var dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-title");
    dialog.innerHTML = html;
    dialog.querySelectorAll("[data-reupload]").forEach(function (el) { el.remove(); });
    var inner = dialog.querySelector("form");
    inner.addEventListener("submit", function (event) {
      event.preventDefault();
      hidden(form, "confirmed", "1");
      hidden(form, "confirmed_digest", inner.elements.namedItem("confirmed_digest").value);
      dialog.close();
      go();
    });
    dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function (event) {
      event.preventDefault();
      dialog.close();
    });
    dialog.addEventListener("close", function () { dialog.remove(); });
    document.body.appendChild(dialog);
    dialog.showModal();
  }

  // Ask the server; `go` runs when confirmed, `fallback` when there was nothing to ask.
  function question(form, submitter, go, fallback) {
    var data = new FormData(form);
    if (submitter && submitter.name) data.append(submitter.name, submitter.value);
    var body = new FormData();
    data.forEach(function (value, name) { if (!(value instanceof File)) body.append(name, value); });
    var headers = { "HX-Request": "true", "X-Confirm-Ask": "1" };
    var url = form.getAttribute("action") || window.location.href; // form.action may be a field
    fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: headers })
      .then(function (response) {
        return response.text().then(function (html) {
          if (response.ok && html.indexOf("data-confirm-content") !== -1) {
            ask(form, html, go);
          } else {
            fallback(response); // 204: nothing to confirm; else the server's own answer
          }
        });
      })
      .catch(function () { form.submit(); }); // the server's own confirmation page
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
    var trigger = form.getAttribute("hx-trigger") || "submit";
    if (form.hasAttribute("hx-post") && trigger.indexOf("submit") !== -1) return; // htmx:confirm below
    if (form.elements.namedItem("confirmed")) return; // confirmed: let it go
    if (form.hasAttribute("data-confirm-skip")) { form.removeAttribute("data-confirm-skip"); return; }
    event.preventDefault();
    var submitter = event.submitter || null;
    question(form, submitter, function () { resubmit(form, submitter); }, function () {
      // Nothing to confirm, or a refusal / an error page: the form goes as it is and the server answers.
      form.setAttribute("data-confirm-skip", "");
      resubmit(form, submitter);
    });
  });

  // An htmx form (hx-post) marked data-confirm: hold its request until the officer confirms.
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) return;
    if (!event.detail.triggeringEvent || event.detail.triggeringEvent.type !== "submit") return;
    if (form.elements.namedItem("confirmed")) return;
    event.preventDefault();
    question(form, null, function () {
      event.detail.issueRequest(true);
      form.querySelectorAll("[data-confirm-added]").forEach(function (el) { el.remove(); });
    }, function () { event.detail.issueRequest(true); });
  });

  // Back to a page from the browser's cache: the form must ask again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-confirm-added]").forEach(function (el) { el.remove(); });
  });
})();

// The main menu's "More" panel closes on a click elsewhere and on Escape, as menus do.
document.addEventListener("click", function (event) {
  document.querySelectorAll(".nav-more details[open]").forEach(function (menu) {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  });
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll(".nav-more details[open]").forEach(function (menu) {
    menu.removeAttribute("open");
    menu.querySelector("summary").focus();
  });
});

// A survey's member questions are asked at the ages they apply to (data-ages-from / data-ages-under on
// the field): typing the member's age shows those and hides the rest; an age not typed shows them all.
document.addEventListener("input", function (event) {
  var input = event.target;
  if (!input.name || !/^m-\d+-age$/.test(input.name)) return;
  var section = input.closest("section");
  if (!section) return;
  var text = input.value.trim();
  var age = /^\d{1,3}$/.test(text) ? parseInt(text, 10) : null;
  section.querySelectorAll("[data-ages-from]").forEach(function (field) {
    var from = parseInt(field.dataset.agesFrom, 10);
    var under = field.dataset.agesUnder === "" ? null : parseInt(field.dataset.agesUnder, 10);
    field.hidden = age !== null && (age < from || (under !== null && age >= under));
  });
});
