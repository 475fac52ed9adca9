// The dashboard's charts (Apache ECharts, vendored under /lib/echarts): each reads its figures from the data-chart
// attribute the page wrote; the tables below each chart hold the same figures without script.
(function () {
    'use strict';
    if (typeof echarts === 'undefined') {
        return;
    }

    var narrow = function () { return window.innerWidth < 600; };
    var palette = ['#1f4e79', '#b7791f', '#2f855a', '#9b2c2c', '#553c9a'];

    // Tooltips are HTML: names from the database are escaped, and colour marks are classes (the content security
    // policy refuses style attributes, such as the ones ECharts' own markers carry).
    function esc(text) {
        return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    }

    function mark(index) {
        return '<span class="mark mark-' + (index % palette.length) + '" aria-hidden="true"></span>';
    }

    function format(value, unit) {
        if (value === null || value === undefined) {
            return '进行中';
        }
        return Number(value).toLocaleString('zh-CN', { maximumFractionDigits: 2 }) + (unit === '%' ? '%' : (unit ? ' ' + unit : ''));
    }

    function base(data) {
        return {
            color: palette,
            aria: { enabled: true },
            animation: false,
            textStyle: { fontSize: 13 },
            // On a phone the legend wraps onto a second line instead of scrolling; the labels stay inside the grid.
            legend: narrow() ? { type: 'plain', top: 0, left: 0, right: 0, itemGap: 10 } : { type: 'scroll', top: 0, left: 'center', itemGap: 16 },
            grid: { top: narrow() ? 60 : 44, left: 8, right: 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
            tooltip: { trigger: 'axis', confine: true, triggerOn: 'mousemove|click' }
        };
    }

    function lines(data) {
        var option = base(data);
        option.xAxis = { type: 'category', data: data.categories, axisLabel: { hideOverlap: true, fontSize: narrow() ? 11 : 13 } };
        option.yAxis = { type: 'value', scale: data.kind !== 'rates', max: data.kind === 'rates' ? 100 : null, axisLabel: { formatter: function (v) { return format(v, data.unit === '%' ? '%' : ''); } } };
        option.series = [];
        data.series.forEach(function (s, index) {
            var colour = palette[index % palette.length];
            if (data.kind === 'totals') {
                // The whole line dashed underneath; solid only between periods every institution reported.
                var solid = s.values.map(function (v, i) {
                    var ok = s.complete[i] && ((i > 0 && s.complete[i - 1]) || (i < s.values.length - 1 && s.complete[i + 1]));
                    return ok ? v : null;
                });
                option.series.push({ name: s.name, type: 'line', data: s.values, lineStyle: { type: 'dashed', width: 2, color: colour }, itemStyle: { color: colour }, symbolSize: 7, connectNulls: false });
                option.series.push({ name: s.name, type: 'line', data: solid, lineStyle: { width: 3, color: colour }, itemStyle: { color: colour }, symbol: 'none', tooltip: { show: false }, connectNulls: false });
            } else {
                option.series.push({ name: s.name, type: 'line', data: s.values, lineStyle: { width: 3 }, symbolSize: 7, connectNulls: false });
            }
        });
        option.tooltip.formatter = function (params) {
            var i = params[0].dataIndex;
            var seen = {};
            var rows = [esc((data.names || data.categories)[i])];
            params.forEach(function (p) {
                if (seen[p.seriesName] || (data.kind === 'totals' && p.seriesIndex % 2 === 1)) {
                    return;
                }
                seen[p.seriesName] = true;
                var s = data.series.filter(function (x) { return x.name === p.seriesName; })[0];
                var note = '';
                if (data.kind === 'totals' && s && !s.complete[i] && p.value !== null && p.value !== undefined) {
                    note = s.carried && s.carried[i] > 0 ? '（含 ' + s.carried[i] + ' 家沿用上期数）' : '（不完整）';
                }
                rows.push(mark(data.series.indexOf(s)) + esc(p.seriesName) + '：' + format(p.value, s && s.unit ? s.unit : data.unit) + note);
            });
            return rows.join('<br>');
        };
        return option;
    }

    function bars(data) {
        var option = base(data);
        option.legend = { show: false };
        option.tooltip.axisPointer = { type: 'shadow' };
        option.tooltip.formatter = function (params) {
            return esc(params[0].name) + '：' + params[0].value + ' ' + esc(data.unit);
        };
        var width = Math.max(96, Math.min(220, Math.floor(window.innerWidth * 0.38)));
        option.grid.top = 8;
        option.xAxis = { type: 'value', minInterval: 1 };
        option.yAxis = { type: 'category', inverse: true, data: data.categories, axisLabel: { width: width, overflow: 'break', lineHeight: 15, fontSize: narrow() ? 11 : 13 } };
        option.series = [{ name: data.series[0].name, type: 'bar', data: data.series[0].values, barMaxWidth: 22, label: { show: true, position: 'right' } }];
        return option;
    }

    var charts = [];
    document.querySelectorAll('[data-chart]').forEach(function (element) {
        var data;
        try {
            data = JSON.parse(element.getAttribute('data-chart'));
        } catch (e) {
            return;
        }
        if (!data.categories || data.categories.length === 0) {
            return;
        }
        // The canvas renderer: the SVG one writes style attributes, which the content security policy refuses.
        element.classList.add('drawn');
        var chart = echarts.init(element, null, { renderer: 'canvas' });
        chart.setOption(data.kind === 'bars' ? bars(data) : lines(data));
        charts.push({ chart: chart, data: data });
    });

    var pending = null;
    window.addEventListener('resize', function () {
        clearTimeout(pending);
        pending = setTimeout(function () {
            charts.forEach(function (c) {
                c.chart.setOption(c.data.kind === 'bars' ? bars(c.data) : lines(c.data), true);
                c.chart.resize();
            });
        }, 150);
    });
})();
