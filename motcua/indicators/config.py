"""Points of each 766 sub-indicator inside its group: configuration, not code.

Only the group totals 18 / 20 / 22 (12 + 10) / 22 / 18 and the group-5 split 5/5/2/6 are
sourced (DOMAIN.md §1.2, §1.3); every other split below is (unconfirmed) and can be changed
in the admin (`IndicatorWeight`), as long as each group still adds up to its total.
"""

from decimal import Decimal

from motcua.indicators.formulas import GROUP_POINTS

# code: (group, default points, Vietnamese name)
SUB_INDICATORS: dict[str, tuple[str, Decimal, str]] = {
    "1.1": ("1", Decimal(4), "Tỷ lệ TTHC công bố đúng hạn"),
    "1.2": ("1", Decimal(4), "Tỷ lệ TTHC được cập nhật, công khai đúng hạn"),
    "1.3": ("1", Decimal(4), "Tỷ lệ TTHC công khai đầy đủ nội dung"),
    "1.4": ("1", Decimal(6), "Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG"),
    "2.1": ("2", Decimal(20), "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn"),
    "2.2": ("2", Decimal(0), "Thời gian giải quyết TTHC trung bình"),
    "3.1": ("3", Decimal(4), "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến"),
    "3.2": ("3", Decimal(4), "Tỷ lệ DVCTT có phát sinh hồ sơ"),
    "3.3": ("3", Decimal(4), "Tỷ lệ hồ sơ nộp trực tuyến"),
    "3.5": ("3", Decimal(5), "Tỷ lệ TTHC có nghĩa vụ tài chính được thanh toán trực tuyến"),
    "3.6": ("3", Decimal(5), "Tỷ lệ hồ sơ thanh toán trực tuyến"),
    "4.1": ("4", Decimal(4), "Tỷ lệ hồ sơ cấp kết quả điện tử"),
    "4.2": ("4", Decimal(6), "Tỷ lệ hồ sơ thực hiện số hóa"),
    "4.3": ("4", Decimal(4), "Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa"),
    "4.4": ("4", Decimal(4), "Tỷ lệ hồ sơ số hóa có kết nối, chia sẻ để tái sử dụng"),
    "4.5": ("4", Decimal(4), "Ứng dụng dữ liệu dân cư (định danh điện tử)"),
    "5.1": ("5", Decimal(5), "Tỷ lệ phản ánh, kiến nghị theo phân loại"),
    "5.2": ("5", Decimal(5), "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn"),
    "5.3": ("5", Decimal(2), "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị"),
    "5.4": ("5", Decimal(6), "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC"),
}


def default_points() -> dict[str, Decimal]:
    return {code: points for code, (_group, points, _name) in SUB_INDICATORS.items()}


def group_totals(points: dict[str, Decimal]) -> dict[str, Decimal]:
    totals = {group: Decimal(0) for group in GROUP_POINTS}
    for code, value in points.items():
        totals[SUB_INDICATORS[code][0]] += value
    return totals


def points_problems(points: dict[str, Decimal]) -> list[str]:
    """Groups whose configured points do not add up to the statutory total."""
    totals = group_totals(points)
    return [
        f"Nhóm {group}: tổng {totals[group]} điểm, phải bằng {GROUP_POINTS[group]}."
        for group in GROUP_POINTS
        if totals[group] != GROUP_POINTS[group]
    ]
