"""Vietnamese messages of the resolution workbook importer and of the `template`, `evaluate`
and `import-resolution` commands.

Kept as literal templates in one module (not in the app's .po catalogue, which another
engineer owns at the moment) so every user-facing sentence of the Excel round trip is in one
place; docs/import-template.md lists them. Use `msg(key, **values)`.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- where an error is ---
    "at_cell": "Sheet {sheet}, dòng {row}, cột {column} ({header}): {message}",
    "at_row": "Sheet {sheet}, dòng {row}: {message}",
    "at_sheet": "Sheet {sheet}: {message}",
    "at_file": "Tệp {file}: {message}",
    # --- the file and its structure ---
    "file_not_found": "không tìm thấy tệp",
    "file_unreadable": "không đọc được tệp Excel ({detail})",
    "missing_sheet": "thiếu sheet '{sheet}' (hãy dùng mẫu: nghiquyet template resolution)",
    "missing_column": "thiếu cột '{header}' (mã cột {key} ở dòng 2)",
    "no_resolution": "chưa có nghị quyết ở dòng 3",
    "one_resolution": "mỗi tệp chỉ nhập một nghị quyết; dòng này thừa (nghị quyết đã ở dòng {first_row})",
    # --- cell values ---
    "required": "thiếu giá trị (cột bắt buộc)",
    "not_number": "'{value}' không phải là số",
    "not_code": "'{value}' không phải là mã (Excel đã đổi thành ngày giờ; hãy định dạng ô là văn bản)",
    "not_integer": "'{value}' không phải là số nguyên",
    "not_year": "'{value}' không phải là năm (nhập 4 chữ số, VD 2025)",
    "not_date": "'{value}' không phải là ngày hợp lệ (nhập dạng dd/mm/yyyy)",
    "bad_choice": "'{value}' không hợp lệ; chọn một trong: {allowed}",
    "too_long": "dài {length} ký tự, tối đa {max} ký tự",
    "bad_period": "mã kỳ '{value}' không hợp lệ: {detail}",
    # --- references ---
    "unknown_unit": "không tìm thấy đơn vị có mã '{code}'",
    "ambiguous_unit": "mã '{code}' ứng với nhiều đơn vị ({candidates}); hãy ghi mã đơn vị trong hệ thống",
    "unit_out_of_scope": "đơn vị '{code}' không thuộc phạm vi quản lý của bạn",
    "number_out_of_scope": "số nghị quyết '{number}' đã được dùng cho một nghị quyết ngoài phạm vi quản lý của bạn",
    "unit_not_in_period": "đơn vị '{code}' ({name}) không tồn tại trong kỳ {period} ({validity})",
    "unknown_indicator": "không tìm thấy chỉ số có mã '{code}' (chưa có trong hệ thống và không khai báo ở sheet ChiTieu)",
    "unknown_target": "không tìm thấy chỉ tiêu có mã '{code}' ở sheet ChiTieu",
    "unknown_parent": "không tìm thấy nghị quyết cấp trên số '{number}'",
    "parent_is_self": "nghị quyết cấp trên không thể là chính nghị quyết này",
    "duplicate_target": "mã chỉ tiêu '{code}' bị trùng (đã có ở dòng {first_row})",
    "duplicate_plan": "kế hoạch năm {year} của chỉ tiêu '{code}' bị trùng (đã có ở dòng {first_row})",
    "duplicate_value": "số liệu bị trùng: cùng chỉ số, đơn vị, kỳ và loại số liệu với dòng {first_row}",
    # --- years and terms ---
    "term_order": "năm cuối nhiệm kỳ ({end}) phải sau năm đầu ({start})",
    "term_too_long": "nhiệm kỳ {start}–{end} dài quá 10 năm",
    "year_outside_term": "năm {year} nằm ngoài nhiệm kỳ {start}–{end}",
    "baseline_after_target": "năm gốc {baseline} phải trước năm mục tiêu {target}",
    # --- targets ---
    "target_value_required": "cần giá trị mục tiêu ở cột '{min_header}' (hoặc '{max_header}' với so sánh ≤)",
    "range_needs_both": "so sánh 'khoảng' cần cả '{min_header}' và '{max_header}'",
    "range_order": "giá trị 'từ' ({min}) lớn hơn giá trị 'đến' ({max})",
    "two_values_not_range": "có cả giá trị 'từ' và 'đến' khác nhau nhưng so sánh là '{comparator}'; chọn 'khoảng' hoặc bỏ một giá trị",
    "comparator_direction": "so sánh '{comparator}' mâu thuẫn với chiều tốt '{direction}'",
    "decrease_sign": "chỉ tiêu giảm bình quân ghi mức thay đổi là số âm (VD giảm 4%/năm ghi -4), không ghi {value}",
    "count_units_indicator": "chỉ tiêu 'Số đơn vị đạt chuẩn' cần chỉ số kiểu 'Có/không' cộng gộp 'Tổng'; chỉ số '{code}' là '{value_type}', cộng gộp '{aggregation}'",
    # --- indicators ---
    "indicator_name_required": "chỉ số mới '{code}' cần có tên",
    "indicator_mismatch": "chỉ số '{code}' đã có {what} là '{existing}', khác '{given}' trong tệp",
    "indicator_mismatch_rows": "chỉ số '{code}' có {what} là '{given}', khác với '{first}' ở dòng {first_row}",
    "weight_required": "cộng gộp 'Trung bình có trọng số' cần 'Mã chỉ số trọng số'",
    "indicator_range_order": "giá trị nhỏ nhất hợp lệ ({min}) lớn hơn giá trị lớn nhất hợp lệ ({max})",
    # --- figures ---
    "value_below_min": "giá trị {value} nhỏ hơn mức tối thiểu {limit} của chỉ số '{code}'",
    "value_above_max": "giá trị {value} lớn hơn mức tối đa {limit} của chỉ số '{code}'",
    "bool_value": "chỉ số '{code}' là chỉ số có/không: chỉ nhận 1 (có, đạt) hoặc 0 (không, chưa đạt), không nhận '{value}'",
    # --- outcome ---
    "errors_heading": "Tệp {file} có {count} lỗi:",
    "import_failed": "Không nhập tệp {file}: có {count} lỗi, chưa ghi gì vào hệ thống.",
    "errors_more": "… và {count} lỗi khác.",
    "dry_run_ok": "Kiểm tra xong tệp {file}: không có lỗi. Chạy thử (--dry-run): chưa ghi gì. Nếu nhập thật sẽ:",
    "import_ok": "Đã nhập tệp {file}:",
    "resolution_created": "  - Nghị quyết {number}: tạo mới",
    "resolution_updated": "  - Nghị quyết {number}: cập nhật",
    "resolution_unchanged": "  - Nghị quyết {number}: không thay đổi",
    "count_targets": "  - Chỉ tiêu: {created} mới, {updated} cập nhật, {unchanged} không đổi",
    "count_targets_kept": "  - {count} chỉ tiêu đã có trong hệ thống nhưng không có trong tệp: giữ nguyên ({codes})",
    "count_indicators": "  - Chỉ số mới: {created}",
    "count_fields": "  - Lĩnh vực mới: {created}",
    "count_plans": "  - Kế hoạch năm: {created} mới, {updated} cập nhật, {unchanged} không đổi",
    "count_values": "  - Số liệu: {created} mới, {updated} cập nhật, {unchanged} không đổi",
    "nothing_changed": "Không có gì thay đổi (tệp đã được nhập trước đó).",
    # --- commands ---
    "template_unknown": "Không có mẫu '{name}'. Các mẫu hiện có: {available}",
    "binary_to_terminal": "Tệp Excel là dữ liệu nhị phân: hãy chuyển hướng ra tệp (> mau.xlsx) hoặc dùng --output TEP.xlsx",
    "written": "Đã ghi {path}",
    "unknown_resolution": "Không tìm thấy nghị quyết số '{number}'",
    "bad_format": "Định dạng '{value}' không hỗ trợ; chọn một trong: {available}",
    "bad_year": "Năm đánh giá '{value}' không hợp lệ",
    "evaluation_unavailable": "Chưa có mô-đun đánh giá chỉ tiêu (resolutions.evaluation)",
    "evaluation_heading": "Đánh giá thực hiện Nghị quyết {number} — {title} (đến năm {year})",
}


def msg(key: str, **values: object) -> str:
    return MESSAGES[key].format(**values)


def command_error(message: str):
    """A CommandError whose class name prints as "Lỗi", so the CLI line is all Vietnamese
    ("Lỗi: Không tìm thấy nghị quyết số '…'") instead of "CommandError: …"."""
    from django.core.management.base import CommandError

    class Failed(CommandError):
        pass

    Failed.__name__ = Failed.__qualname__ = "Lỗi"
    return Failed(message)
