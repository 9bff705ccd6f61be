/* Nothing typed is lost.
 *
 * A form with data-autosave="URL" is saved to the server as a draft a moment after each change
 * (debounced), and says when ("Draft saved at 10:42:05") in its [data-autosave-status] element.
 * Until the server has a change, the change is also kept in this browser (localStorage): when
 * the session has ended, the page says so, and after logging in again the page sends what it
 * kept, then shows the draft (data-autosave-page is the form's page).
 * Every other form on the page counts as changed once something is typed in it.
 * Leaving the page with input the server does not have yet asks first (beforeunload).
 * No inline script: the Content Security Policy forbids it.
 */
(function () {
  "use strict";

  var DEBOUNCE_MS = 1200;
  var RETRY_MS = 8000;
  var STORE = "medmassage.draft.";
  var submitting = false;
  var trackers = [];

  function fieldsOf(form) {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") {
        pairs.push([name, value]);
      }
    });
    return pairs;
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function readStore(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function writeStore(key, value) {
    try {
      if (value === null) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, JSON.stringify(value));
      }
    } catch (error) {
      /* storage full or off: the server copy still works */
    }
  }

  function csrfToken(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function Autosave(form) {
    this.form = form;
    this.url = form.getAttribute("data-autosave");
    this.page = form.getAttribute("data-autosave-page") || window.location.pathname;
    this.key = STORE + (form.getAttribute("data-draft-key") || this.url);
    this.status = form.querySelector("[data-autosave-status]");
    this.timer = null;
    this.inFlight = false;
    this.again = false;
    this.initial = fieldsOf(form);
    // What the server holds of this form, as far as this page knows.
    this.serverHas = this.initial;
    this.restore();
    var self = this;
    form.addEventListener("input", function () { self.changed(); });
    form.addEventListener("change", function () { self.changed(); });
  }

  Autosave.prototype.say = function (text, state) {
    if (!this.status) return;
    this.status.textContent = text;
    this.status.setAttribute("data-state", state);
  };

  Autosave.prototype.pending = function () {
    // Logged out, every change is kept on this device (written at each input) for the page to
    // send after login: leaving to log in loses nothing.
    if (this.loggedOutAt) return false;
    return !same(fieldsOf(this.form), this.serverHas);
  };

  Autosave.prototype.changed = function () {
    if (!this.pending()) return;
    writeStore(this.key, {
      at: Date.now(),
      fields: fieldsOf(this.form),
      base: JSON.stringify(this.serverHas),
      acked: this.serverHas !== this.initial || this.form.hasAttribute("data-draft-shown"),
    });
    this.say("Changes not saved yet…", "pending");
    this.schedule(DEBOUNCE_MS);
  };

  Autosave.prototype.schedule = function (delay) {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.save(); }, delay);
  };

  Autosave.prototype.post = function (fields) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken(this.form));
    fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return window.fetch(this.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Autosave": "1", "X-CSRFToken": csrfToken(this.form) },
    });
  };

  Autosave.prototype.save = function () {
    if (submitting) return;
    if (this.inFlight) { this.again = true; return; }
    var fields = fieldsOf(this.form);
    if (same(fields, this.serverHas)) return;
    var self = this;
    this.inFlight = true;
    this.say("Saving…", "saving");
    this.post(fields).then(function (response) {
      return self.answered(response, fields);
    }).catch(function () {
      self.say("Not saved: no connection. Your text is kept on this device; retrying…", "offline");
      self.schedule(RETRY_MS);
    }).then(function () {
      self.inFlight = false;
      if (self.again) { self.again = false; self.save(); }
    });
  };

  Autosave.prototype.answered = function (response, fields) {
    var self = this;
    if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
      return this.loggedOut(response);
    }
    return response.json().then(function (data) {
      if (!response.ok) {
        self.say("Not saved: " + (data.problem || "the server refused the draft") +
          " Your text is kept on this device.", "refused");
        return;
      }
      self.serverHas = fields;
      self.say(data.label || "Draft saved", "saved");
      if (same(fieldsOf(self.form), fields)) {
        writeStore(self.key, null);
      } else {
        writeStore(self.key, {
          at: Date.now(),
          fields: fieldsOf(self.form),
          base: JSON.stringify(fields),
          acked: true,
        });
        self.schedule(DEBOUNCE_MS);
      }
    });
  };

  Autosave.prototype.loggedOut = function (response) {
    var self = this;
    this.loggedOutAt = Date.now();
    var fallback = "/accounts/login/?next=" + encodeURIComponent(this.page) + "&expired=1";
    var done = function (login) {
      if (!self.status) return;
      self.status.textContent = "";
      self.status.setAttribute("data-state", "logged-out");
      self.status.append("Your session has ended: your text is kept on this device. ");
      var link = document.createElement("a");
      link.href = login || fallback;
      link.id = "autosave-login";
      link.textContent = "Log in again to save it";
      self.status.append(link);
    };
    if (response.type === "opaqueredirect") { done(null); return Promise.resolve(); }
    return response.json().then(function (data) { done(data.login); }, function () { done(null); });
  };

  /* Text kept on this device that the server never got (the session ended, the network went):
   * send it now, then show the page again from the server's draft. */
  Autosave.prototype.restore = function () {
    var kept = readStore(this.key);
    if (!kept || !kept.fields) return;
    // This page answers the submission of what was kept (data-posted: the form as it was sent,
    // which the server also kept as the draft): nothing to send again.
    if (kept.submitted && this.form.hasAttribute("data-posted")) {
      writeStore(this.key, null);
      return;
    }
    // Kept text is sent again only while the server still holds what it was typed over: the
    // page as it was then, or the draft it had acknowledged. Once the form was saved, the page
    // shows neither, and what was kept is out of date.
    var current = kept.base === JSON.stringify(this.initial) ||
      (kept.acked && this.form.hasAttribute("data-draft-shown"));
    if (!current || same(kept.fields, this.initial)) {
      writeStore(this.key, null);
      return;
    }
    var self = this;
    this.say("Saving text kept on this device…", "saving");
    this.post(kept.fields).then(function (response) {
      if (!response.ok) throw new Error("refused");
      writeStore(self.key, null);
      window.location.assign(self.page);
    }).catch(function () {
      self.say("Text typed earlier on this device could not be saved yet: it is still kept here.",
        "refused");
    });
  };

  function ChangeWatch(form) {
    var self = this;
    this.form = form;
    this.initial = fieldsOf(form);
    this.pending = function () { return !same(fieldsOf(self.form), self.initial); };
    // An HTMX form is done once its answer arrives.
    form.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail && event.detail.successful) self.initial = fieldsOf(self.form);
    });
  }

  /* Kept text leaves this device as soon as it is not needed: once its form was submitted and a
   * page of the logged-in member without that form comes back (the submission went through),
   * after a day in any case, and at logout. The login page keeps it: that is what it is for. */
  function purge(pageKeys) {
    var loggedIn = document.getElementById("site-menu") !== null;
    var keys = [];
    for (var index = 0; index < window.localStorage.length; index += 1) {
      keys.push(window.localStorage.key(index));
    }
    keys.forEach(function (key) {
      if (!key || key.indexOf(STORE) !== 0) return;
      var kept = readStore(key);
      var old = !kept || !kept.at || Date.now() - kept.at > 24 * 3600 * 1000;
      var done = kept && kept.submitted && loggedIn && pageKeys.indexOf(key) < 0;
      if (old || done) writeStore(key, null);
    });
  }

  function markSubmitted(form) {
    trackers.forEach(function (tracker) {
      if (tracker.form !== form || !tracker.key) return;
      var kept = readStore(tracker.key);
      if (kept) { kept.submitted = true; writeStore(tracker.key, kept); }
    });
  }

  function forgetAll() {
    var keys = [];
    for (var index = 0; index < window.localStorage.length; index += 1) {
      keys.push(window.localStorage.key(index));
    }
    keys.forEach(function (key) { if (key && key.indexOf(STORE) === 0) writeStore(key, null); });
  }

  function start() {
    var forms = document.querySelectorAll("main form[method=post], main form[method=POST]");
    Array.prototype.forEach.call(forms, function (form) {
      if (form.hasAttribute("data-no-unsaved-warning")) return;
      trackers.push(form.hasAttribute("data-autosave") ? new Autosave(form) : new ChangeWatch(form));
    });
    purge(trackers.map(function (tracker) { return tracker.key; }).filter(Boolean));
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (event.defaultPrevented || form.hasAttribute("hx-post")) return;
      submitting = true;
      if (/\/accounts\/logout\/$/.test(form.getAttribute("action") || "")) {
        forgetAll();
      } else {
        markSubmitted(form);
      }
    });
    window.addEventListener("pageshow", function () { submitting = false; });
    window.addEventListener("beforeunload", function (event) {
      if (submitting) return undefined;
      var unsaved = trackers.some(function (tracker) { return tracker.pending(); });
      if (!unsaved) return undefined;
      trackers.forEach(function (tracker) { if (tracker.save) tracker.save(); });
      event.preventDefault();
      event.returnValue = "";
      return "";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
