// Flotilla dashboard: operator buttons call the coordinator's REST API (the same endpoints as the CLI)
// as the logged-in identity (the session cookie, with the header that proves the call comes from these
// pages; the coordinator records who acted and refuses what the role does not allow), soak countdowns tick and refresh the page
// when they run out, and the "live" badge shows whether server-sent events arrive. Live parts of the
// pages are refreshed by htmx when the coordinator says something changed (hx-trigger="sse:...").
(function () {
  "use strict";

  function flash(text, bad) {
    var box = document.getElementById("flash");
    box.textContent = text;
    box.className = bad ? "bad" : "";
    box.hidden = false;
    clearTimeout(flash.timer);
    flash.timer = setTimeout(function () { box.hidden = true; }, bad ? 12000 : 4000);
  }

  function refresh() {
    var live = document.getElementById("live-wrap");
    if (live) {
      htmx.trigger(live, "refresh");
    }
  }

  async function post(url, body) {
    var response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Flotilla-Csrf": "1" },
      body: JSON.stringify(body)
    });
    var answer = await response.json().catch(function () { return {}; });
    return { response: response, answer: answer };
  }

  async function act(button) {
    var body = {};
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      return;
    }
    if (button.dataset.reason) {
      var reason = window.prompt(button.dataset.reason);
      if (!reason) {
        return;
      }
      body.reason = reason;
    }
    if (button.dataset.wave) {
      body.wave = button.dataset.wave;
    }
    button.disabled = true;
    try {
      var sent = await post(button.dataset.action, body);
      var response = sent.response;
      var answer = sent.answer;
      // A protected environment asks for its name before an approval or a rollback: ask the operator.
      if (response.status === 409 && /needs a confirmation naming it/.test(answer.detail || "") && !body.confirm) {
        var name = window.prompt(answer.detail + "\n\nType the environment's name to go on:");
        if (!name) {
          return;
        }
        body.confirm = name.trim();
        sent = await post(button.dataset.action, body);
        response = sent.response;
        answer = sent.answer;
      }
      if (!response.ok) {
        flash((answer.title || response.status) + ": " + (answer.detail || response.statusText), true);
        return;
      }
      flash(button.textContent.trim() + ": done");
      if (button.dataset.then === "open" && answer.id) {
        window.location.href = "/rollouts/" + answer.id;
      } else {
        refresh();
      }
    } catch (e) {
      flash("The coordinator did not answer: " + e.message, true);
    } finally {
      button.disabled = false;
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (button) {
      event.preventDefault();
      act(button);
    }
  });

  // A soak ends by the clock alone: when one runs out, the page is fetched again once the coordinator
  // had a moment to start the next wave.
  function tick() {
    document.querySelectorAll("[data-until]").forEach(function (el) {
      var left = Math.max(0, Math.round((Date.parse(el.dataset.until) - Date.now()) / 1000));
      el.textContent = left >= 60 ? Math.floor(left / 60) + "m " + (left % 60) + "s" : left + "s";
      if (left === 0 && !el.dataset.refreshed) {
        el.dataset.refreshed = "yes";
        setTimeout(refresh, 1500);
      }
    });
  }
  setInterval(tick, 1000);
  tick();

  function live(on) {
    var badge = document.getElementById("live-status");
    if (badge) {
      badge.className = on ? "live-on" : "live-off";
    }
  }
  document.body.addEventListener("htmx:sseOpen", function () { live(true); });
  document.body.addEventListener("htmx:sseError", function () { live(false); });
})();
