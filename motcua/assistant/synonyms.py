"""Everyday (and English) words people use → the administrative words of the catalog.

Applied as query expansion on folded text. Keep it general: common citizen vocabulary
and common English renderings of administrative terms, never phrasings of one question.
Keys and values are written with diacritics for readability; matching folds them.
"""

# (what people say, what the catalog says). Several sayings may share a target.
SYNONYMS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    # Civil status (hộ tịch)
    (
        (
            "sinh con",
            "mới sinh",
            "vừa sinh",
            "mới đẻ",
            "đẻ con",
            "em bé",
            "trẻ sơ sinh",
            "giấy khai sinh",
            "làm khai sinh",
        ),
        ("khai sinh",),
    ),
    (
        (
            "lấy vợ",
            "lấy chồng",
            "cưới vợ",
            "cưới chồng",
            "cưới",
            "đám cưới",
            "giấy đăng ký kết hôn",
            "giấy kết hôn",
        ),
        ("kết hôn",),
    ),
    (("người mất", "qua đời", "chết", "từ trần", "mất rồi", "báo tử"), ("khai tử",)),
    (("độc thân", "chưa vợ", "chưa chồng", "chưa kết hôn"), ("tình trạng hôn nhân",)),
    (("ly hôn", "ly dị"), ("ly hôn",)),
    (("nhận nuôi", "xin con nuôi"), ("con nuôi",)),
    (("đổi tên", "sửa tên", "đổi họ"), ("thay đổi", "cải chính", "hộ tịch")),
    # Certification and copies
    (("công chứng", "sao y", "photo công chứng", "bản photo"), ("chứng thực", "bản sao")),
    (("chữ ký",), ("chứng thực chữ ký",)),
    # Land and housing
    (("sổ đỏ", "sổ hồng", "bìa đỏ"), ("quyền sử dụng đất", "giấy chứng nhận")),
    (("xây nhà", "làm nhà", "sửa nhà"), ("xây dựng", "nhà ở")),
    # Residence, identity, vehicles
    (("hộ khẩu", "nhập khẩu", "chuyển khẩu"), ("thường trú", "cư trú")),
    (("tạm trú",), ("tạm trú", "cư trú")),
    (("bằng lái", "bằng lái xe"), ("giấy phép lái xe",)),
    # Business
    (("mở cửa hàng", "mở quán", "buôn bán", "kinh doanh nhỏ"), ("hộ kinh doanh",)),
    (("mở công ty", "thành lập công ty"), ("thành lập doanh nghiệp",)),
    (("mất việc", "nghỉ việc", "bị đuổi việc"), ("thất nghiệp",)),
    # Science and technology vocabulary people use loosely
    (("máy x quang", "chụp x quang", "x quang", "máy chụp phim"), ("x quang", "bức xạ")),
    (("phóng xạ", "tia x"), ("bức xạ",)),
    (
        ("tem", "gửi thư", "thư từ", "chuyển phát", "giao hàng", "bưu phẩm", "bưu kiện"),
        ("bưu chính",),
    ),
    (
        ("nhãn hiệu", "thương hiệu", "logo", "bằng sáng chế", "sáng chế", "kiểu dáng"),
        ("sở hữu công nghiệp",),
    ),
    (("bản quyền",), ("quyền tác giả", "sở hữu trí tuệ")),
    (("cân điện tử", "đồng hồ nước", "đồng hồ điện", "công tơ"), ("đo lường", "phương tiện đo")),
    (("kiểm định",), ("kiểm định", "đo lường")),
    (("mã vạch", "barcode"), ("mã số mã vạch",)),
    (("hợp quy", "tiêu chuẩn chất lượng"), ("chất lượng", "tiêu chuẩn")),
    (("bán công nghệ", "mua công nghệ"), ("chuyển giao công nghệ",)),
    (
        ("khởi nghiệp", "start up", "startup"),
        ("khởi nghiệp đổi mới sáng tạo", "doanh nghiệp khoa học và công nghệ"),
    ),
    (("đề tài", "dự án nghiên cứu"), ("nhiệm vụ khoa học và công nghệ",)),
    (("tần số", "sóng vô tuyến", "bộ đàm"), ("tần số vô tuyến điện",)),
    (("tạp chí", "in ấn", "xuất bản"), ("báo chí", "xuất bản", "in")),
    # English → Vietnamese administrative terms
    (
        ("birth", "birth certificate", "birth registration", "newborn", "new born", "baby"),
        ("khai sinh",),
    ),
    (("marriage", "marry", "married", "wedding", "get married"), ("kết hôn",)),
    (("death", "died", "dead"), ("khai tử",)),
    (("single status", "marital status", "unmarried", "single"), ("tình trạng hôn nhân",)),
    (("adopt", "adoption"), ("con nuôi",)),
    (
        (
            "certify",
            "certified copy",
            "notarize",
            "notarise",
            "notarized",
            "copy",
            "copies",
            "signature",
        ),
        ("chứng thực", "bản sao"),
    ),
    (("land", "land use", "land title", "red book"), ("quyền sử dụng đất", "đất đai")),
    (
        ("building permit", "construction permit", "build a house", "construction"),
        ("giấy phép xây dựng", "xây dựng"),
    ),
    (("house", "housing", "home"), ("nhà ở",)),
    (("residence", "permanent residence", "household registration"), ("thường trú", "cư trú")),
    (("temporary residence",), ("tạm trú",)),
    (
        (
            "driving licence",
            "driving license",
            "driver license",
            "drivers license",
            "driver's license",
        ),
        ("giấy phép lái xe",),
    ),
    (("renew", "renewal", "extend", "extension"), ("gia hạn", "đổi", "cấp lại")),
    (("reissue", "re-issue", "replace", "replacement", "lost"), ("cấp lại",)),
    (("amend", "amendment", "modify", "change"), ("sửa đổi", "bổ sung", "điều chỉnh")),
    (("revoke", "cancel", "terminate"), ("thu hồi", "chấm dứt")),
    (("household business", "small business", "shop"), ("hộ kinh doanh",)),
    (("company", "enterprise", "business"), ("doanh nghiệp",)),
    (("unemployment", "unemployment benefit", "lost my job"), ("trợ cấp thất nghiệp",)),
    (("criminal record", "judicial record", "police check"), ("lý lịch tư pháp",)),
    (("civil status", "civil registration", "extract"), ("hộ tịch", "trích lục")),
    (("x-ray", "x ray", "xray"), ("x quang", "bức xạ")),
    (("radiation", "radioactive", "nuclear"), ("bức xạ", "hạt nhân")),
    (("licence", "license", "permit"), ("giấy phép",)),
    (("certificate", "certification"), ("giấy chứng nhận",)),
    (("registration", "register"), ("đăng ký",)),
    (("issue", "issuance", "grant", "apply for", "application"), ("cấp",)),
    (("postal", "post", "mail", "courier", "delivery", "stamp"), ("bưu chính",)),
    (
        ("trademark", "brand", "industrial property", "patent", "industrial design"),
        ("sở hữu công nghiệp", "nhãn hiệu", "sáng chế"),
    ),
    (("intellectual property", "copyright"), ("sở hữu trí tuệ", "quyền tác giả")),
    (
        ("measuring", "measurement", "metrology", "scale", "meter", "calibration"),
        ("đo lường", "phương tiện đo", "kiểm định"),
    ),
    (
        ("standard", "standards", "quality", "conformity"),
        ("tiêu chuẩn", "chất lượng", "hợp chuẩn", "hợp quy"),
    ),
    (("barcode", "bar code"), ("mã số mã vạch",)),
    (("technology transfer",), ("chuyển giao công nghệ",)),
    (("technology", "science"), ("công nghệ", "khoa học")),
    (("research", "research project"), ("nhiệm vụ khoa học và công nghệ", "nghiên cứu")),
    (("radio", "frequency", "radio frequency"), ("tần số vô tuyến điện",)),
    (("press", "newspaper", "magazine", "publishing", "printing"), ("báo chí", "xuất bản", "in")),
    (
        ("telecom", "telecommunication", "telecommunications", "internet"),
        ("viễn thông", "internet"),
    ),
    (("award", "prize"), ("giải thưởng",)),
    (("organization", "organisation"), ("tổ chức",)),
    (("foreign", "foreigner"), ("nước ngoài", "người nước ngoài")),
]
