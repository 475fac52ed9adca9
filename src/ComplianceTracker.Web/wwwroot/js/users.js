// 全选本页 on 批量开通: ticks or unticks every institution on the page. Without script each is ticked by hand.
(function () {
    'use strict';
    var all = document.getElementById('select-page');
    if (!all) {
        return;
    }

    all.hidden = false;
    all.parentElement.hidden = false;
    all.addEventListener('change', function () {
        document.querySelectorAll('input[name=Institutions]').forEach(function (box) {
            box.checked = all.checked;
        });
    });
})();
