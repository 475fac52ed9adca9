// A button with data-confirm asks before it posts (提交 a report, 报送 material): the report then waits for someone
// else. Without script the button posts at once.
(function () {
    'use strict';
    document.querySelectorAll('button[data-confirm]').forEach(function (button) {
        button.addEventListener('click', function (event) {
            if (!window.confirm(button.dataset.confirm)) {
                event.preventDefault();
            }
        });
    });
})();
