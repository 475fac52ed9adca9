// Validation as the reporter types, on the weekly form (Pages/Report/Form.cshtml).
//
// A value that is not a number is flagged at once, in the browser, with the server's own sentence (the form's
// data-not-number, "{0}" standing for what was typed). A moment after the last keystroke the form's figures go to
// the page's validate handler (data-validate-url), which runs the same rules as save and submit, errors and
// warnings, and saves nothing; its findings are shown beside their inputs, each input's messages in its own
// aria-live="polite" region (#m-CODE). Without this script the page works as before: validation on save.
(function () {
    'use strict';

    var form = document.getElementById('report-form');
    if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) {
        return;
    }

    var DELAY_MS = 400;
    var validateUrl = form.getAttribute('data-validate-url');
    var notNumberSentence = form.getAttribute('data-not-number') || '“{0}”不是数字。';
    var tokenInput = form.querySelector('input[name="__RequestVerificationToken"]');
    var general = document.getElementById('m-form');
    var inputs = {};
    var touched = {};
    var localError = {};
    var shown = {};
    var timer = null;
    var sequence = 0;
    var changedSinceSent = false;

    Array.prototype.forEach.call(form.querySelectorAll('input[name^="v."]'), function (input) {
        var code = input.name.slice(2);
        inputs[code] = input;
        // Messages the server put beside an input stay until the input is fixed.
        var region = regionOf(code);
        if (region && region.children.length > 0) {
            touched[code] = true;
        }
    });

    function regionOf(code) {
        return document.getElementById('m-' + code);
    }

    // The server's reading: trimmed, thousands commas dropped, then a decimal with an optional leading or trailing
    // sign (decimal.TryParse with NumberStyles.Number, invariant culture). Digits are ASCII only, as there.
    function isNumber(text) {
        var bare = text.replace(/,/g, '').trim();
        return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(bare) || /^(\d+\.?\d*|\.\d+)[+-]$/.test(bare);
    }

    function notNumber(text) {
        return notNumberSentence.replace('{0}', function () { return text; });
    }

    function paragraph(finding) {
        var p = document.createElement('p');
        p.className = finding.severity === 'warning' ? 'warning' : 'error';
        p.textContent = (finding.severity === 'warning' ? '提示：' : '') + finding.message;
        return p;
    }

    // Replaces a region's messages, only when they differ (a screen reader announces each change).
    function render(region, findings) {
        if (!region) {
            return;
        }

        var key = findings.map(function (f) { return f.severity + '|' + f.message; }).join('\n');
        if (shown[region.id] === key) {
            return;
        }

        shown[region.id] = key;
        while (region.firstChild) {
            region.removeChild(region.firstChild);
        }

        findings.forEach(function (f) { region.appendChild(paragraph(f)); });
    }

    function showForInput(code, findings) {
        var input = inputs[code];
        render(regionOf(code), findings);
        input.setAttribute('aria-invalid', findings.some(function (f) { return f.severity !== 'warning'; }) ? 'true' : 'false');
        if (findings.some(function (f) { return f.severity === 'warning'; })) {
            ensureCommentBox(code);
        }
    }

    // A warning needs a comment on submit: offer the box beside the input, as the server does after a save.
    function ensureCommentBox(code) {
        if (form.querySelector('[name="c.' + code + '"]')) {
            return;
        }

        var cell = regionOf(code).parentNode;
        var label = document.createElement('label');
        label.htmlFor = 'c-' + code;
        label.className = 'muted';
        label.textContent = '说明（提示项须填写）';
        var box = document.createElement('input');
        box.type = 'text';
        box.id = 'c-' + code;
        box.name = 'c.' + code;
        cell.appendChild(label);
        cell.appendChild(box);
    }

    function checkLocally(code) {
        var text = inputs[code].value.trim();
        // A % indicator takes "2.86%" as 2.86 (the server reads it the same way).
        if (inputs[code].dataset.unit === '%') {
            text = text.replace(/[%％]$/, '').trim();
        }

        if (text !== '' && !isNumber(text)) {
            localError[code] = true;
            showForInput(code, [{ severity: 'error', message: notNumber(text) }]);
        } else if (localError[code]) {
            delete localError[code];
            showForInput(code, []);
        }
    }

    function apply(findings) {
        var byCode = {};
        var rest = [];
        findings.forEach(function (f) {
            var input = f.indicator ? inputs[f.indicator] : null;
            if (!input) {
                rest.push(f);
                return;
            }

            // "请填写" waits until the reporter has been to the input: a fresh form is not a page of errors.
            if (!f.rule && input.value.trim() === '' && !touched[f.indicator]) {
                return;
            }

            (byCode[f.indicator] = byCode[f.indicator] || []).push(f);
        });

        Object.keys(inputs).forEach(function (code) {
            var own = notNumber(inputs[code].value.trim());
            if ((byCode[code] || []).some(function (f) { return f.message === own; })) {
                localError[code] = true;
            } else {
                delete localError[code];
            }

            showForInput(code, byCode[code] || []);
        });
        render(general, rest);
    }

    function send() {
        timer = null;
        changedSinceSent = false;
        var mine = ++sequence;
        var headers = { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8' };
        if (tokenInput) {
            headers.RequestVerificationToken = tokenInput.value;
        }

        fetch(validateUrl, {
            method: 'POST',
            credentials: 'same-origin',
            headers: headers,
            body: new URLSearchParams(new FormData(form)).toString(),
        })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) {
                // An answer to older figures is dropped: the newer ones are on their way.
                if (data && data.findings && mine === sequence && !changedSinceSent) {
                    apply(data.findings);
                }
            })
            .catch(function () { /* offline or navigating away: the save still validates */ });
    }

    // Typed figures survive an expired sign-in: every keystroke keeps a draft in this browser (per form, period and
    // institution, with the revision it was typed on); after signing in again the page restores it and says so. A
    // save, submit or withdraw the server accepted clears it.
    var draftKey = 'ct-draft:' + window.location.pathname;
    var revisionInput = form.querySelector('input[name="baseRevision"]');
    var revision = revisionInput ? revisionInput.value : '';

    function keepDraft() {
        try {
            var draft = { revision: revision, values: {} };
            Object.keys(inputs).forEach(function (code) { draft.values[code] = inputs[code].value; });
            window.localStorage.setItem(draftKey, JSON.stringify(draft));
        } catch (e) { /* storage full or off: the page still works */ }
    }

    function restoreDraft() {
        try {
            var notice = document.getElementById('notice');
            if (notice && /已保存|已报送|已撤回/.test(notice.textContent)) {
                window.localStorage.removeItem(draftKey);
                return;
            }

            var draft = JSON.parse(window.localStorage.getItem(draftKey) || 'null');
            if (!draft || draft.revision !== revision || !draft.values) {
                return;
            }

            var restored = 0;
            Object.keys(draft.values).forEach(function (code) {
                if (inputs[code] && !inputs[code].disabled && inputs[code].value !== draft.values[code]) {
                    inputs[code].value = draft.values[code];
                    touched[code] = true;
                    restored++;
                }
            });
            if (restored > 0 && general) {
                var p = document.createElement('p');
                p.id = 'draft-restored';
                p.textContent = '已恢复您在本机填写但未保存的 ' + restored + ' 项数字，请核对后保存。';
                general.appendChild(p);
                changedSinceSent = true;
                timer = setTimeout(send, DELAY_MS);
            }
        } catch (e) { /* a draft that cannot be read is left alone */ }
    }

    form.addEventListener('input', function (event) {
        var target = event.target;
        if (!target || !target.name || target.name.indexOf('v.') !== 0) {
            return;
        }

        keepDraft();

        var code = target.name.slice(2);
        touched[code] = true;
        checkLocally(code);
        changedSinceSent = true;
        if (timer) {
            clearTimeout(timer);
        }

        timer = setTimeout(send, DELAY_MS);
    });

    restoreDraft();
})();
