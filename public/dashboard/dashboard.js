/*
 * The reference dashboard (docs/DASHBOARD.md): plain browser JavaScript over the public GraphQL API.
 * Every request goes to this server's /graphql with the user's own token, by persisted operation id
 * (schema/operations/dashboard.graphql); live updates come from /graphql/stream (graphql-sse).
 */
(function () {
  'use strict';

  // ---- Labels: Vietnamese by default, English on the toggle; every text of the page is here. ----
  var LABELS = {
    vi: {
      title: 'Kết quả cải cách hành chính',
      signIn: 'Đăng nhập',
      tokenHelp: 'Dán mã API (token) của bạn. Trang chỉ gửi nó tới /graphql của máy chủ này.',
      token: 'Mã API',
      remember: 'Ghi nhớ trên thiết bị này',
      open: 'Mở bảng điều khiển',
      signOut: 'Đăng xuất',
      province: 'Tỉnh',
      period: 'Kỳ',
      periodCode: 'Mã kỳ (2025, 2025Q3, 2025-07)',
      explicitPeriod: 'Kỳ cụ thể…',
      show: 'Xem',
      heatmap: 'Tỷ lệ hoàn thành theo xã và lĩnh vực',
      heatmapTable: 'Bảng số liệu của bản đồ nhiệt (% hoàn thành)',
      sortBy: 'Sắp xếp',
      sortName: 'Tên xã (A–Z)',
      sortOverall: 'Tỷ lệ chung (cao → thấp)',
      sortArea: 'Lĩnh vực: ',
      byArea: 'Hoàn thành theo lĩnh vực',
      trend: 'Xu hướng theo quý',
      reporting: 'Tình hình báo cáo',
      missing: 'Xã chưa báo cáo',
      noneMissing: 'Tất cả các xã đã báo cáo.',
      expected: 'Số xã phải báo cáo',
      submitted: 'Đã báo cáo',
      onTime: 'Đúng hạn',
      overdue: 'Nhiệm vụ quá hạn',
      overdueCount:
        'Hiển thị {shown} / {total} nhiệm vụ quá hạn, quá hạn lâu nhất trước. Chọn một dòng để xem chi tiết.',
      commune: 'Xã',
      overall: 'Chung',
      task: 'Nhiệm vụ',
      daysOverdue: 'Số ngày quá hạn',
      percent: '% thực hiện',
      status: 'Trạng thái',
      completion: 'Tỷ lệ hoàn thành',
      tasks: 'nhiệm vụ',
      completed: 'hoàn thành',
      periodNote: 'Số liệu tại kỳ {code}{relative}. Xu hướng: các quý năm {year}.',
      relativeNote: ' ({name})',
      relativeNoteSeveral: ' ({name}: kỳ cuối cùng)',
      noData: 'Không có số liệu cho tỉnh và kỳ này.',
      loading: 'Đang tải…',
      liveOn: 'Trực tiếp',
      liveOff: 'Không trực tiếp',
      liveError: 'Mất kết nối trực tiếp',
      updated: 'Đã cập nhật {time}',
      badToken: 'Mã API không hợp lệ hoặc đã bị thu hồi. Hãy nhập mã khác.',
      error: 'Lỗi',
      ordinal: 'STT',
      area: 'Lĩnh vực',
      leadUnit: 'Chủ trì',
      timeText: 'Thời gian (nguyên văn)',
      milestones: 'Mốc thời gian đọc được',
      dueOn: 'Hạn',
      none: 'không có',
      close: 'Đóng',
      statuses: {
        NOT_STARTED: 'Chưa thực hiện',
        IN_PROGRESS: 'Đang thực hiện',
        COMPLETED: 'Hoàn thành',
        CANCELLED: 'Hủy',
      },
      milestoneKinds: {
        DEADLINE: 'Hạn chót',
        PERIOD: 'Trong kỳ',
        RECURRING: 'Định kỳ',
        OPEN_ENDED: 'Thường xuyên',
        CONDITIONAL: 'Khi phát sinh',
      },
      areas: {
        DIRECTION: 'Chỉ đạo, điều hành',
        INSTITUTIONS: 'Thể chế',
        PROCEDURES: 'Thủ tục HC',
        APPARATUS: 'Tổ chức bộ máy',
        CIVIL_SERVICE: 'Công vụ',
        PUBLIC_FINANCE: 'Tài chính công',
        DIGITAL_GOVERNMENT: 'Chính quyền số',
      },
      relative: {
        THIS_QUARTER: 'Quý này',
        LAST_QUARTER: 'Quý trước',
        THIS_YEAR: 'Năm nay',
        LAST_YEAR: 'Năm trước',
        THIS_MONTH: 'Tháng này',
        LAST_MONTH: 'Tháng trước',
        LAST_3_MONTHS: '3 tháng qua',
        LAST_12_MONTHS: '12 tháng qua',
        LAST_4_QUARTERS: '4 quý qua',
        QUARTERS_THIS_YEAR: 'Các quý năm nay',
        MONTHS_THIS_QUARTER: 'Các tháng quý này',
        MONTHS_THIS_YEAR: 'Các tháng năm nay',
      },
    },
    en: {
      title: 'Administrative reform progress',
      signIn: 'Sign in',
      tokenHelp: 'Paste your API token. The page sends it only to this server’s /graphql.',
      token: 'API token',
      remember: 'Remember on this device',
      open: 'Open the dashboard',
      signOut: 'Sign out',
      province: 'Province',
      period: 'Period',
      periodCode: 'Period code (2025, 2025Q3, 2025-07)',
      explicitPeriod: 'A given period…',
      show: 'Show',
      heatmap: 'Completion by commune and reform area',
      heatmapTable: 'The heat map’s figures (% completed)',
      sortBy: 'Sort',
      sortName: 'Commune name (A–Z)',
      sortOverall: 'Overall rate (high → low)',
      sortArea: 'Area: ',
      byArea: 'Completion by reform area',
      trend: 'Trend by quarter',
      reporting: 'Reporting',
      missing: 'Communes that have not reported',
      noneMissing: 'Every commune has reported.',
      expected: 'Communes expected',
      submitted: 'Reported',
      onTime: 'On time',
      overdue: 'Overdue tasks',
      overdueCount:
        'Showing {shown} of {total} overdue tasks, most overdue first. Pick a row for its details.',
      commune: 'Commune',
      overall: 'Overall',
      task: 'Task',
      daysOverdue: 'Days overdue',
      percent: '% done',
      status: 'Status',
      completion: 'Completion rate',
      tasks: 'tasks',
      completed: 'completed',
      periodNote: 'Figures as of {code}{relative}. Trend: the quarters of {year}.',
      relativeNote: ' ({name})',
      relativeNoteSeveral: ' ({name}: its last period)',
      noData: 'No figures for this province and period.',
      loading: 'Loading…',
      liveOn: 'Live',
      liveOff: 'Not live',
      liveError: 'Live connection lost',
      updated: 'Updated {time}',
      badToken: 'The API token is not valid or was revoked. Enter another one.',
      error: 'Error',
      ordinal: 'No.',
      area: 'Reform area',
      leadUnit: 'Lead unit',
      timeText: 'Time (as written)',
      milestones: 'Milestones read from it',
      dueOn: 'Due',
      none: 'none',
      close: 'Close',
      statuses: {
        NOT_STARTED: 'Not started',
        IN_PROGRESS: 'In progress',
        COMPLETED: 'Completed',
        CANCELLED: 'Cancelled',
      },
      milestoneKinds: {
        DEADLINE: 'Deadline',
        PERIOD: 'Within a period',
        RECURRING: 'Recurring',
        OPEN_ENDED: 'Ongoing',
        CONDITIONAL: 'When needed',
      },
      areas: {
        DIRECTION: 'Direction',
        INSTITUTIONS: 'Institutions',
        PROCEDURES: 'Procedures',
        APPARATUS: 'Apparatus',
        CIVIL_SERVICE: 'Civil service',
        PUBLIC_FINANCE: 'Public finance',
        DIGITAL_GOVERNMENT: 'Digital government',
      },
      relative: {
        THIS_QUARTER: 'This quarter',
        LAST_QUARTER: 'Last quarter',
        THIS_YEAR: 'This year',
        LAST_YEAR: 'Last year',
        THIS_MONTH: 'This month',
        LAST_MONTH: 'Last month',
        LAST_3_MONTHS: 'Last 3 months',
        LAST_12_MONTHS: 'Last 12 months',
        LAST_4_QUARTERS: 'Last 4 quarters',
        QUARTERS_THIS_YEAR: 'Quarters of this year',
        MONTHS_THIS_QUARTER: 'Months of this quarter',
        MONTHS_THIS_YEAR: 'Months of this year',
      },
    },
  };
  var RELATIVE_PERIODS = Object.keys(LABELS.vi.relative);
  var EXPLICIT = 'EXPLICIT';
  var PERIOD_CODE = /^\d{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$/;
  var TOKEN_KEY = 'cchc-dashboard-token';
  var LANGUAGE_KEY = 'cchc-dashboard-language';

  var $ = function (id) {
    return document.getElementById(id);
  };
  var state = {
    language: localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'vi',
    token: sessionStorage.getItem(TOKEN_KEY) || localStorage.getItem(TOKEN_KEY) || '',
    operationIds: null,
    areas: [],
    provinces: [],
    data: null,
    period: null,
    selection: null,
    sort: 'name',
    selectedTask: null,
    charts: {},
    live: null,
    liveKey: null,
  };
  var t = function (key) {
    return LABELS[state.language][key];
  };
  var format = function (template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, name) {
      return values[name];
    });
  };
  var percent = function (rate) {
    return rate === null || rate === undefined ? '–' : (rate * 100).toFixed(1) + '%';
  };
  var element = function (tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === 'text') node.textContent = attributes[name];
      else node.setAttribute(name, attributes[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(child);
    });
    return node;
  };
  var areaName = function (code) {
    return t('areas')[code] || code;
  };
  var areaFullName = function (code) {
    var area = state.areas.find(function (a) {
      return a.code === code;
    });
    return area ? (state.language === 'en' ? area.nameEn : area.nameVi) : code;
  };

  // ---- The API: persisted operations over POST /graphql, with the user's token. ----
  function ApiError(message, code) {
    this.message = message;
    this.code = code;
  }

  function run(operationName, variables) {
    return fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ' + state.token },
      body: JSON.stringify({
        operationName: operationName,
        variables: variables || {},
        extensions: { persistedQuery: { version: 1, sha256Hash: state.operationIds[operationName] } },
      }),
    }).then(function (response) {
      return response.json().then(
        function (body) {
          var error = body && body.errors && body.errors[0];
          if (error) throw new ApiError(error.message, error.extensions && error.extensions.code);
          return body.data;
        },
        function () {
          throw new ApiError('HTTP ' + response.status, 'BAD_RESPONSE');
        },
      );
    });
  }

  function showMessage(text) {
    var box = $('message');
    box.textContent = text || '';
    box.hidden = !text;
  }

  function fail(error) {
    if (error && error.code === 'UNAUTHENTICATED') return signOut(t('badToken'));
    showMessage(t('error') + (error && error.code ? ' ' + error.code : '') + ': ' + (error && error.message));
  }

  // ---- Token ----
  function signOut(reason) {
    sessionStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(TOKEN_KEY);
    state.token = '';
    stopLive();
    $('dashboard').hidden = true;
    $('sign-out').hidden = true;
    $('token-form').hidden = false;
    $('token-input').value = '';
    showMessage(reason || '');
  }

  $('token-form').addEventListener('submit', function (event) {
    event.preventDefault();
    state.token = $('token-input').value.trim();
    if (!state.token) return;
    ($('token-remember').checked ? localStorage : sessionStorage).setItem(TOKEN_KEY, state.token);
    start();
  });
  $('sign-out').addEventListener('click', function () {
    signOut('');
  });

  // ---- Language ----
  function applyLanguage() {
    document.documentElement.lang = state.language;
    document.title = 'cchc-hub · ' + t('title');
    $('language').textContent = state.language === 'vi' ? 'EN' : 'VI';
    document.querySelectorAll('[data-label]').forEach(function (node) {
      node.textContent = t(node.getAttribute('data-label'));
    });
    fillPeriodSelect();
    fillSortSelect();
    if (state.data) render();
  }
  $('language').addEventListener('click', function () {
    state.language = state.language === 'vi' ? 'en' : 'vi';
    localStorage.setItem(LANGUAGE_KEY, state.language);
    applyLanguage();
  });

  // ---- Controls ----
  function fillPeriodSelect() {
    var select = $('period');
    var current = select.value || state.selection || 'LAST_QUARTER';
    select.replaceChildren();
    RELATIVE_PERIODS.forEach(function (name) {
      select.appendChild(element('option', { value: name, text: t('relative')[name] }));
    });
    select.appendChild(element('option', { value: EXPLICIT, text: t('explicitPeriod') }));
    select.value = RELATIVE_PERIODS.indexOf(current) >= 0 ? current : EXPLICIT;
    $('period-code-field').hidden = select.value !== EXPLICIT;
  }

  function fillSortSelect() {
    var select = $('heatmap-sort');
    select.replaceChildren(
      element('option', { value: 'name', text: t('sortName') }),
      element('option', { value: 'overall', text: t('sortOverall') }),
    );
    state.areas.forEach(function (area) {
      select.appendChild(
        element('option', { value: 'area:' + area.code, text: t('sortArea') + areaName(area.code) }),
      );
    });
    select.value = state.sort;
  }

  $('period').addEventListener('change', function () {
    $('period-code-field').hidden = $('period').value !== EXPLICIT;
    if ($('period').value !== EXPLICIT) load();
  });
  $('province').addEventListener('change', function () {
    load();
  });
  $('controls').addEventListener('submit', function (event) {
    event.preventDefault();
    load();
  });
  $('heatmap-sort').addEventListener('change', function () {
    state.sort = $('heatmap-sort').value;
    if (state.data) renderHeatmap();
  });

  function selection() {
    if ($('period').value !== EXPLICIT) return $('period').value;
    var code = $('period-code').value.trim().toUpperCase();
    return PERIOD_CODE.test(code) ? code : null;
  }

  // ---- Loading ----
  function start() {
    $('token-form').hidden = true;
    $('sign-out').hidden = false;
    showMessage('');
    var ids = state.operationIds
      ? Promise.resolve(state.operationIds)
      : fetch('/dashboard/operations.json').then(function (r) {
          return r.json();
        });
    ids
      .then(function (operationIds) {
        state.operationIds = operationIds;
        return run('DashboardViewer');
      })
      .then(function (data) {
        state.areas = data.reformAreas.slice().sort(function (a, b) {
          return a.position - b.position;
        });
        state.provinces = data.viewer.province
          ? [data.viewer.province]
          : data.provinces.filter(function (p) {
              return !p.abolishedOn;
            });
        var params = new URLSearchParams(location.search);
        var select = $('province');
        select.replaceChildren();
        state.provinces.forEach(function (p) {
          select.appendChild(element('option', { value: p.code, text: p.name + ' (' + p.code + ')' }));
        });
        var wanted = params.get('province');
        if (wanted && state.provinces.some((p) => p.code === wanted)) select.value = wanted;
        $('province-field').hidden = state.provinces.length < 2;
        var period = (params.get('period') || '').toUpperCase();
        if (RELATIVE_PERIODS.indexOf(period) >= 0) state.selection = period;
        else if (PERIOD_CODE.test(period)) {
          state.selection = EXPLICIT;
          $('period-code').value = period;
        }
        $('dashboard').hidden = false;
        fillPeriodSelect();
        // A link's period wins over the one shown before sign-in.
        if (state.selection) $('period').value = state.selection;
        $('period-code-field').hidden = $('period').value !== EXPLICIT;
        fillSortSelect();
        return load();
      })
      .catch(fail);
  }

  /** Resolves the selection to one period code, then draws everything for it. */
  function load() {
    var provinceCode = $('province').value;
    var chosen = selection();
    if (!provinceCode || !chosen) return Promise.resolve();
    state.selection = $('period').value;
    history.replaceState(null, '', '?province=' + provinceCode + '&period=' + encodeURIComponent(chosen));
    showMessage('');
    $('period-note').textContent = t('loading');
    var resolved = PERIOD_CODE.test(chosen)
      ? Promise.resolve([chosen])
      : run('DashboardPeriods', { provinceCode: provinceCode, periods: [chosen] }).then(function (data) {
          return data.rollup
            .map(function (row) {
              return row.period;
            })
            .sort();
        });
    return resolved
      .then(function (codes) {
        if (!codes.length) {
          $('period-note').textContent = t('noData');
          return null;
        }
        // Status is as of a period's end: a selection of several periods shows its last.
        var period = codes[codes.length - 1];
        return fetchProvince(provinceCode, period, chosen, codes.length).then(function () {
          startLive(provinceCode, period);
        });
      })
      .catch(fail);
  }

  function fetchProvince(provinceCode, period, chosen, periodCount) {
    var year = period.slice(0, 4);
    var quarters = [1, 2, 3, 4].map(function (q) {
      return year + 'Q' + q;
    });
    return run('DashboardProvince', { provinceCode: provinceCode, period: period, quarters: quarters }).then(
      function (data) {
        state.data = data;
        state.period = {
          code: period,
          chosen: chosen,
          periodCount: periodCount,
          year: year,
          provinceCode: provinceCode,
        };
        render();
      },
    );
  }

  // ---- Drawing ----
  function chart(id) {
    if (!state.charts[id]) state.charts[id] = echarts.init($(id));
    return state.charts[id];
  }

  function render() {
    var p = state.period;
    $('period-note').textContent = format(t('periodNote'), {
      code: p.code,
      year: p.year,
      relative: PERIOD_CODE.test(p.chosen)
        ? ''
        : format(t(p.periodCount > 1 ? 'relativeNoteSeveral' : 'relativeNote'), {
            name: t('relative')[p.chosen],
          }),
    });
    document.body.setAttribute('data-period', p.code);
    document.body.setAttribute('data-province', p.provinceCode);
    renderHeatmap();
    renderAreas();
    renderTrend();
    renderReporting();
    renderOverdue();
  }

  /** Communes in the order the sort asks for, each with its rate per area and overall. */
  function heatmapRows() {
    var byCommune = {};
    state.data.communes.forEach(function (row) {
      byCommune[row.communeCode] = {
        code: row.communeCode,
        name: row.communeName,
        overall: row.completionRate,
        areas: {},
      };
    });
    state.data.cells.forEach(function (cell) {
      var commune = byCommune[cell.communeCode];
      if (!commune) {
        commune = byCommune[cell.communeCode] = {
          code: cell.communeCode,
          name: cell.communeName,
          overall: null,
          areas: {},
        };
      }
      commune.areas[cell.areaCode] = cell.completionRate;
    });
    var rows = Object.keys(byCommune).map(function (code) {
      return byCommune[code];
    });
    var byName = function (a, b) {
      return a.name.localeCompare(b.name, 'vi');
    };
    var byRate = function (pick) {
      return function (a, b) {
        var x = pick(a);
        var y = pick(b);
        if (x === y || (x === null && y === null)) return byName(a, b);
        if (x === null) return 1;
        if (y === null) return -1;
        return y - x;
      };
    };
    if (state.sort === 'overall') return rows.sort(byRate((r) => r.overall));
    if (state.sort.indexOf('area:') === 0) {
      var area = state.sort.slice(5);
      return rows.sort(
        byRate(function (r) {
          return r.areas[area] === undefined ? null : r.areas[area];
        }),
      );
    }
    return rows.sort(byName);
  }

  function renderHeatmap() {
    var rows = heatmapRows();
    var areas = state.areas;
    // Top row first on screen: ECharts draws the y axis bottom-up.
    var shown = rows.slice().reverse();
    var data = [];
    shown.forEach(function (row, y) {
      areas.forEach(function (area, x) {
        var rate = row.areas[area.code];
        data.push([x, y, rate === null || rate === undefined ? '-' : Math.round(rate * 1000) / 10]);
      });
    });
    var container = $('heatmap-chart');
    container.style.height = Math.max(240, 60 + rows.length * 22) + 'px';
    var heat = chart('heatmap-chart');
    heat.resize();
    var narrow = container.clientWidth < 600;
    heat.setOption(
      {
        animation: false,
        tooltip: {
          formatter: function (item) {
            var row = shown[item.value[1]];
            var area = areas[item.value[0]];
            return row.name + '<br>' + areaFullName(area.code) + ': ' + percent(row.areas[area.code]);
          },
        },
        grid: { left: 8, right: 8, top: 8, bottom: 70, containLabel: true },
        xAxis: {
          type: 'category',
          data: areas.map(function (a) {
            return areaName(a.code);
          }),
          axisLabel: { rotate: narrow ? 60 : 30, interval: 0, fontSize: narrow ? 10 : 12 },
          splitArea: { show: true },
        },
        yAxis: {
          type: 'category',
          data: shown.map(function (r) {
            return r.name;
          }),
          axisLabel: { fontSize: narrow ? 10 : 12 },
          splitArea: { show: true },
        },
        visualMap: {
          min: 0,
          max: 100,
          calculable: false,
          orient: 'horizontal',
          left: 'center',
          bottom: 0,
          itemHeight: narrow ? 120 : 200,
          text: ['100%', '0%'],
          inRange: { color: ['#d73027', '#fee08b', '#1a9850'] },
        },
        series: [
          {
            type: 'heatmap',
            data: data,
            label: { show: !narrow, fontSize: 10 },
            emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
          },
        ],
      },
      true,
    );
    renderHeatmapTable(rows);
  }

  /** The heat map's figures as a table (screen readers, copying, and the browser test). */
  function renderHeatmapTable(rows) {
    var table = $('heatmap-table');
    var sortHeader = function (key, label) {
      var th = element('th', { scope: 'col' });
      var button = element('button', { type: 'button', text: label, 'data-sort': key });
      button.addEventListener('click', function () {
        state.sort = key;
        $('heatmap-sort').value = key;
        renderHeatmap();
      });
      th.appendChild(button);
      if (state.sort === key) th.setAttribute('aria-sort', key === 'name' ? 'ascending' : 'descending');
      return th;
    };
    var head = element('tr', {}, [sortHeader('name', t('commune')), sortHeader('overall', t('overall'))]);
    state.areas.forEach(function (area) {
      var th = sortHeader('area:' + area.code, areaName(area.code));
      th.title = areaFullName(area.code);
      head.appendChild(th);
    });
    table.tHead.replaceChildren(head);
    var body = table.tBodies[0];
    body.replaceChildren();
    rows.forEach(function (row) {
      var tr = element('tr', { 'data-commune-code': row.code }, [
        element('th', { scope: 'row', text: row.name }),
        cell(row.overall, null),
      ]);
      state.areas.forEach(function (area) {
        tr.appendChild(cell(row.areas[area.code], area.code));
      });
      body.appendChild(tr);
    });
  }

  function cell(rate, areaCode) {
    var td = element('td', {
      'data-rate': rate === null || rate === undefined ? '' : String(rate),
      text: percent(rate),
    });
    if (areaCode) td.setAttribute('data-area-code', areaCode);
    return td;
  }

  function renderAreas() {
    var rows = state.areas.map(function (area) {
      return (
        state.data.areas.find(function (r) {
          return r.areaCode === area.code;
        }) || { areaCode: area.code, completionRate: null, taskCount: 0, completedCount: 0 }
      );
    });
    var narrow = $('areas-chart').clientWidth < 600;
    chart('areas-chart').setOption(
      {
        animation: false,
        tooltip: {
          formatter: function (item) {
            var row = rows[item.dataIndex];
            return (
              areaFullName(row.areaCode) +
              '<br>' +
              percent(row.completionRate) +
              ' (' +
              row.completedCount +
              '/' +
              row.taskCount +
              ' ' +
              t('tasks') +
              ')'
            );
          },
        },
        grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
        xAxis: {
          type: 'category',
          data: rows.map(function (r) {
            return areaName(r.areaCode);
          }),
          axisLabel: { rotate: narrow ? 60 : 30, interval: 0, fontSize: narrow ? 10 : 12 },
        },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          {
            type: 'bar',
            name: t('completion'),
            data: rows.map(function (r) {
              return r.completionRate === null ? null : Math.round(r.completionRate * 1000) / 10;
            }),
            itemStyle: { color: '#1f5fa8' },
            label: { show: true, position: 'top', formatter: '{c}%', fontSize: 10 },
          },
        ],
      },
      true,
    );
  }

  function renderTrend() {
    var rows = state.data.trend.slice().sort(function (a, b) {
      return a.period < b.period ? -1 : 1;
    });
    chart('trend-chart').setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '–' : v + '%') },
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        xAxis: {
          type: 'category',
          data: rows.map(function (r) {
            return r.period;
          }),
        },
        yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        series: [
          {
            type: 'line',
            name: t('completion'),
            data: rows.map(function (r) {
              return r.completionRate === null ? null : Math.round(r.completionRate * 1000) / 10;
            }),
            itemStyle: { color: '#8b1a1a' },
            label: { show: true, formatter: '{c}%', fontSize: 10 },
          },
        ],
      },
      true,
    );
  }

  function renderReporting() {
    var reporting = state.data.province.reporting;
    var figures = $('reporting-summary');
    figures.replaceChildren();
    [
      [t('expected'), String(reporting.expected), 'expected'],
      [t('submitted'), reporting.submitted + ' (' + percent(reporting.rate) + ')', 'submitted'],
      [t('onTime'), reporting.onTime + ' (' + percent(reporting.onTimeRate) + ')', 'on-time'],
    ].forEach(function (pair) {
      figures.appendChild(element('dt', { text: pair[0] }));
      figures.appendChild(element('dd', { text: pair[1], 'data-figure': pair[2] }));
    });
    var list = $('missing-communes');
    list.replaceChildren();
    if (!reporting.missingCommunes.length) list.appendChild(element('li', { text: t('noneMissing') }));
    reporting.missingCommunes.forEach(function (commune) {
      list.appendChild(element('li', { text: commune.name, 'data-commune-code': commune.code }));
    });
  }

  function renderOverdue() {
    var overdue = state.data.province.overdueTasks;
    $('overdue-count').textContent = format(t('overdueCount'), {
      shown: overdue.edges.length,
      total: overdue.totalCount,
    });
    var body = $('overdue-table').tBodies[0];
    body.replaceChildren();
    overdue.edges.forEach(function (edge, index) {
      var node = edge.node;
      var open = element('button', {
        type: 'button',
        class: 'link',
        text: node.task.ordinal + '. ' + node.task.name,
      });
      var tr = element(
        'tr',
        { 'data-task-id': node.task.id, 'aria-selected': String(state.selectedTask === node.task.id) },
        [
          element('td', { text: node.commune.name }),
          element('td', {}, [open]),
          element('td', { class: 'num', text: String(node.daysOverdue) }),
          element('td', { class: 'num', text: node.percent + '%' }),
          element('td', { text: t('statuses')[node.status] || node.status }),
        ],
      );
      tr.addEventListener('click', function () {
        showTask(index);
      });
      body.appendChild(tr);
    });
    var selected = overdue.edges.findIndex(function (edge) {
      return edge.node.task.id === state.selectedTask;
    });
    if (selected >= 0) showTask(selected, true);
    else $('task-detail').hidden = true;
  }

  /** Drill-down: the task as written in the plan, its raw time text and what was read from it. */
  function showTask(index, keepFocus) {
    var node = state.data.province.overdueTasks.edges[index].node;
    var task = node.task;
    state.selectedTask = task.id;
    document.querySelectorAll('#overdue-table tbody tr').forEach(function (tr) {
      tr.setAttribute('aria-selected', String(tr.getAttribute('data-task-id') === task.id));
    });
    var milestones = task.milestones.length
      ? task.milestones.map(function (m) {
          return element('li', {
            text:
              (t('milestoneKinds')[m.kind] || m.kind) +
              (m.start ? ' ' + m.start : '') +
              (m.due ? ' → ' + m.due : '') +
              (m.recurrence ? ' (' + m.recurrence + ')' : ''),
          });
        })
      : [element('li', { text: t('none') })];
    var facts = element('dl', { class: 'figures' });
    [
      [t('commune'), node.commune.name],
      [t('area'), areaFullName(task.area.code)],
      [t('ordinal'), task.ordinal],
      [t('leadUnit'), task.leadUnit || '–'],
      [t('dueOn'), task.dueOn || '–'],
      [t('daysOverdue'), String(node.daysOverdue)],
    ].forEach(function (pair) {
      facts.appendChild(element('dt', { text: pair[0] }));
      facts.appendChild(element('dd', { text: pair[1] }));
    });
    var close = element('button', { type: 'button', text: t('close') });
    close.addEventListener('click', function () {
      state.selectedTask = null;
      $('task-detail').hidden = true;
    });
    var detail = $('task-detail');
    detail.replaceChildren(
      element('h3', { text: task.name }),
      facts,
      element('h3', { text: t('timeText') }),
      element('pre', { 'data-field': 'timeText', text: task.timeText || '–' }),
      element('h3', { text: t('milestones') }),
      element('ul', { 'data-field': 'milestones' }, milestones),
      close,
    );
    detail.hidden = false;
    if (!keepFocus) detail.focus();
  }

  // ---- Live updates: provinceRollupChanged over graphql-sse at /graphql/stream. ----
  function setLive(stateName) {
    var node = $('live-status');
    node.setAttribute('data-state', stateName);
    node.textContent = t(stateName === 'on' ? 'liveOn' : stateName === 'error' ? 'liveError' : 'liveOff');
  }

  function stopLive() {
    if (state.live) state.live.dispose();
    state.live = null;
    state.liveKey = null;
    setLive('off');
  }

  function startLive(provinceCode, period) {
    var key = provinceCode + '|' + period;
    if (state.liveKey === key) return;
    stopLive();
    if (!window.graphqlSse || !state.operationIds.DashboardRollupChanged) return;
    state.liveKey = key;
    var client = graphqlSse.createClient({
      url: '/graphql/stream',
      singleConnection: false,
      headers: function () {
        return { authorization: 'Bearer ' + state.token };
      },
      retryAttempts: 5,
    });
    var unsubscribe = client.subscribe(
      {
        operationName: 'DashboardRollupChanged',
        // Sent by id (persisted); graphql-sse's client insists on a query string.
        query: '',
        variables: { provinceCode: provinceCode, period: period },
        extensions: { persistedQuery: { version: 1, sha256Hash: state.operationIds.DashboardRollupChanged } },
      },
      {
        next: function (result) {
          if (result.errors && result.errors.length) return setLive('error');
          // The event says what changed; the page re-reads all it draws (reporting and the overdue
          // list change with a report too), so every part stays consistent.
          if (state.period && state.period.provinceCode === provinceCode && state.period.code === period) {
            fetchProvince(provinceCode, period, state.period.chosen, state.period.periodCount).catch(fail);
          }
        },
        error: function () {
          setLive('error');
        },
        complete: function () {
          setLive('off');
        },
      },
      {
        connecting: function () {
          setLive('off');
        },
        connected: function () {
          setLive('on');
        },
      },
    );
    state.live = {
      dispose: function () {
        unsubscribe();
        client.dispose();
      },
    };
  }

  // ---- Charts follow their cards' size (window resize, phone rotation, the language toggle). ----
  var resizeTimer = null;
  new ResizeObserver(function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      Object.keys(state.charts).forEach(function (id) {
        state.charts[id].resize();
      });
      if (state.data) {
        renderHeatmap();
        renderAreas();
      }
    }, 100);
  }).observe(document.body);

  applyLanguage();
  setLive('off');
  if (state.token) start();
  else $('token-form').hidden = false;
})();
