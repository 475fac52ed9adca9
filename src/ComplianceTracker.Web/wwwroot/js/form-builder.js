// 建立报表: each rule's expression is checked as it is typed, through /api/forms/rules/check, against the indicator codes
// on the page; the Chinese message and the character it points at appear under the field. Without script the page
// still works: saving checks every rule on the server.
(function () {
    'use strict';
    var form = document.getElementById('builder');
    if (!form || !window.fetch) {
        return;
    }

    var checkUrl = form.getAttribute('data-check-url');

    function codes() {
        return Array.prototype.map.call(form.querySelectorAll('input.indicator-code'), function (input) { return input.value.trim(); })
            .filter(function (code) { return code.length > 0; });
    }

    function show(output, valid, message) {
        output.textContent = '';
        var span = document.createElement('span');
        span.className = valid ? 'ok' : 'field-error';
        span.textContent = message;
        output.appendChild(span);
    }

    function check(input) {
        var output = document.getElementById(input.getAttribute('aria-describedby'));
        if (!output) {
            return;
        }

        var text = input.value;
        if (text.trim().length === 0) {
            output.textContent = '';
            return;
        }

        var mine = (input.ctSequence = (input.ctSequence || 0) + 1);
        fetch(checkUrl, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ expression: text, indicators: codes() }),
        })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (result) {
                if (!result || mine !== input.ctSequence) {
                    return;
                }

                if (result.valid) {
                    show(output, true, result.operator ? '表达式正确。' : '表达式正确，但还缺少比较符（如 <=）。');
                    input.removeAttribute('aria-invalid');
                } else {
                    var where = typeof result.position !== 'number' ? ''
                        : result.position >= text.length ? '（位置：表达式末尾）' : '（位置：第 ' + (result.position + 1) + ' 个字符）';
                    show(output, false, result.message + where);
                    input.setAttribute('aria-invalid', 'true');
                }
            })
            .catch(function () { /* offline: saving still checks */ });
    }

    form.addEventListener('input', function (event) {
        var input = event.target;
        if (!input.classList || !input.classList.contains('rule-expression')) {
            return;
        }

        clearTimeout(input.ctTimer);
        input.ctTimer = setTimeout(function () { check(input); }, 250);
    });
}());
