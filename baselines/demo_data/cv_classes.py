"""The 17 document classes of the bootcamp's CV competition, each drawn by one function on a `Sheet`.

Each class has its own layout (forms with titles and fields, tables, cards with a photo box, a passport page,
receipts, dashboards, licence plates...) and varies in position, size, colour, row counts and text. The four
medical forms (3, 4, 7, 14) share a style on purpose: they are the usual confusions of the real data.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .cv_canvas import INK, Sheet

PAPER = (246, 244, 238)
SURFACES = ((120, 86, 60), (70, 70, 75), (190, 180, 165), (40, 45, 55), (150, 150, 145))


def _title(s: Sheet, ko: str, en: str, *, y=0.08, size=0.05) -> None:
    text = s.spaced(ko) if s.t.korean else en
    if not s.t.korean:
        size *= min(1.0, 16 / max(16, len(en)))
    s.text(0.5 + s.u(-0.02, 0.02), y + s.u(-0.01, 0.01), text, size=size, style="bold", anchor="mm")


def _label_value_table(s: Sheet, x0, y0, x1, y1, *, rows, pairs=2, shade=(232, 232, 228), color=INK):
    cells = s.grid(x0, y0, x1, y1, rows=rows, cols=pairs * 2, widths=[2, 3] * pairs, color=color)
    for row in cells:
        for index, (cx0, cy0, cx1, cy1) in enumerate(row):
            size = min(0.02, (cy1 - cy0) * s.h / s.unit * 0.5)
            if index % 2 == 0:
                s.rect(cx0, cy0, cx1, cy1, outline=color, fill=shade)
                s.text((cx0 + cx1) / 2, (cy0 + cy1) / 2, s.t.word(), size=size, anchor="mm")
            elif s.chance(0.85):
                s.text(cx0 + 0.01, (cy0 + cy1) / 2, s.t.pick((s.t.name(), s.t.date(), s.t.words(2))), size=size)
    return cells


def _hospital_footer(s: Sheet, *, y=0.86) -> None:
    s.text(0.5, y, s.t.date(". "), size=0.022, anchor="mm")
    s.text(0.42, y + 0.05, s.t.org("병원", "Hospital"), size=0.026, style="bold", anchor="mm")
    s.stamp(0.72 + s.u(-0.05, 0.08), y + 0.05 + s.u(-0.01, 0.01), radius=s.u(0.035, 0.05))


def account_number(s: Sheet) -> None:
    brand = s.tint(s.t.pick(((20, 70, 160), (0, 130, 90), (230, 170, 0), (190, 30, 45), (0, 110, 170))), 15)
    band = s.u(0.12, 0.2)
    s.rect(0, 0, 1, band, outline=brand, fill=brand)
    s.draw.ellipse(s.box(0.05, band * 0.2, 0.05 + band * 0.6 * s.h / s.w, band * 0.8), fill=(250, 250, 250))
    s.text(0.2, band / 2, s.t.org("은행", "Bank"), size=0.045, style="bold", fill=(250, 250, 250))
    s.text(0.08, band + 0.08, s.t.label("계좌번호", "Account number"), size=0.028, fill=(90, 90, 90))
    s.text(0.08, band + 0.16, s.t.digits(s.t.pick(("###-##-######", "####-###-######", "###-######-##-###"))),
           size=s.u(0.05, 0.065), style="mono")
    s.text(0.08, band + 0.25, f"{s.t.label('예금주', 'Holder')}  {s.t.name()}", size=0.03)
    top = band + 0.32
    rows = int(s.rng.integers(5, 10))
    cells = s.grid(0.05, top, 0.95, min(0.97, top + rows * 0.055), rows=rows, cols=5, color=(150, 150, 160),
                   header_fill=s.tint((225, 230, 240)), widths=[2, 3, 2, 2, 2])
    s.fill_cells(cells[1:], probability=0.6, numbers=True)


def pregnancy_application(s: Sheet) -> None:
    s.text(0.05, 0.03, s.t.label("[별지 제3호서식]", "[Form No. 3]"), size=0.016)
    if s.t.korean:
        s.text(0.5, 0.08, "임신·출산 진료비 지급 신청서", size=0.036, style="bold", anchor="mm")
    else:
        s.text(0.5, 0.065, "APPLICATION FOR PAYMENT OF", size=0.026, style="bold", anchor="mm")
        s.text(0.5, 0.095, "PREGNANCY MEDICAL EXPENSES", size=0.026, style="bold", anchor="mm")
    s.line(0.05, 0.115, 0.95, 0.115, width=2.5)
    y = 0.13
    for _ in range(int(s.rng.integers(3, 5))):
        rows = int(s.rng.integers(2, 4))
        height = rows * 0.05
        s.rect(0.05, y, 0.2, y + height, fill=(215, 215, 215))
        s.text(0.125, y + height / 2, s.t.word(), size=0.018, anchor="mm")
        cells = s.grid(0.2, y, 0.95, y + height, rows=rows, cols=3, widths=[2, 3, 3])
        for row in cells:
            s.text(row[0][0] + 0.01, (row[0][1] + row[0][3]) / 2, s.t.word(), size=0.016)
            s.checkbox(row[2][0] + 0.02, (row[2][1] + row[2][3]) / 2, checked=s.chance(0.4))
            s.checkbox(row[2][0] + 0.12, (row[2][1] + row[2][3]) / 2, checked=s.chance(0.3))
        y += height + 0.012
    s.paragraph(0.07, y + 0.01, 0.93, min(y + 0.12, 0.78), size=0.014, gap=1.6)
    s.text(0.9, 0.8, s.t.label("(서명 또는 인)", "(signature)"), size=0.016, anchor="rm")
    s.dashed(0.02, 0.98, 0.84)
    s.text(0.5, 0.87, s.t.label("접 수 증", "RECEIPT"), size=0.02, style="bold", anchor="mm")
    s.grid(0.1, 0.89, 0.9, 0.97, rows=2, cols=4)


def car_dashboard(s: Sheet) -> None:
    base = int(s.rng.integers(12, 40))
    for step in range(12):  # a dim vignette, lighter in the middle
        shade = base + step * 2
        s.rect(step / 30, step / 30, 1 - step / 30, 1 - step / 30, outline=(shade,) * 3, fill=(shade,) * 3)
    glow = s.tint(s.t.pick(((80, 160, 255), (255, 150, 40), (230, 230, 240), (255, 60, 60))), 20)
    radius = s.u(0.2, 0.26) * min(s.w, s.h) / s.unit
    for cx in (s.u(0.26, 0.32), s.u(0.68, 0.74)):
        _gauge(s, cx, s.u(0.45, 0.55), radius, glow)
    s.rect(0.43, 0.42, 0.57, 0.62, outline=glow, fill=(10, 14, 20))
    s.text(0.5, 0.52, f"{s.rng.integers(0, 999)}.{s.rng.integers(0, 9)}", size=0.035, style="mono", fill=glow,
           anchor="mm")
    for index in range(int(s.rng.integers(2, 6))):
        color = s.t.pick(((250, 60, 40), (250, 190, 30), (60, 220, 90), (60, 140, 255)))
        x = 0.3 + index * 0.09
        s.draw.regular_polygon((x * s.w, 0.85 * s.h, 0.018 * s.unit), n_sides=int(s.rng.integers(3, 7)), fill=color)


def _gauge(s: Sheet, cx, cy, radius, glow) -> None:
    r = radius * s.unit
    x, y = cx * s.w, cy * s.h
    s.draw.ellipse([x - r, y - r, x + r, y + r], outline=glow, width=s.lw(3), fill=(8, 10, 14))
    marks = int(s.rng.integers(8, 13))
    for index in range(marks + 1):
        angle = np.deg2rad(135 + index * 270 / marks)
        inner = 0.78 if index % 2 == 0 else 0.86
        s.draw.line([x + r * inner * np.cos(angle), y + r * inner * np.sin(angle),
                     x + r * 0.95 * np.cos(angle), y + r * 0.95 * np.sin(angle)], fill=(235, 235, 235), width=s.lw(1.5))
        if index % 2 == 0:
            s.draw.text((x + r * 0.62 * np.cos(angle), y + r * 0.62 * np.sin(angle)), str(index * 20),
                        font=s.fonts.font("sans", r * 0.14), fill=(220, 220, 220), anchor="mm")
    angle = np.deg2rad(135 + s.u(10, 250))
    s.draw.line([x, y, x + r * 0.85 * np.cos(angle), y + r * 0.85 * np.sin(angle)], fill=(255, 70, 30), width=s.lw(3))
    s.draw.ellipse([x - r * 0.08, y - r * 0.08, x + r * 0.08, y + r * 0.08], fill=(60, 60, 60))


def admission_discharge(s: Sheet) -> None:
    _title(s, "입퇴원확인서", "CONFIRMATION OF ADMISSION AND DISCHARGE")
    s.text(0.06, 0.15, f"{s.t.label('등록번호', 'Reg. No.')} {s.t.digits('########')}", size=0.018)
    _label_value_table(s, 0.05, 0.18, 0.95, 0.18 + 0.055 * int(s.rng.integers(3, 6)), rows=int(s.rng.integers(3, 6)))
    top = 0.5
    cells = s.grid(0.05, top, 0.95, top + 0.16, rows=2, cols=2, widths=[1, 3])
    for row in cells:
        s.text(row[0][0] + 0.01, (row[0][1] + row[0][3]) / 2, s.t.label("입원기간", "Stay"), size=0.02)
        s.text(row[1][0] + 0.02, (row[1][1] + row[1][3]) / 2, f"{s.t.date()}  ~  {s.t.date()}", size=0.022,
               style="mono")
    s.text(0.5, 0.74, s.t.words(int(s.rng.integers(4, 7))), size=0.022, anchor="mm")
    _hospital_footer(s, y=0.8)


def diagnosis(s: Sheet) -> None:
    _title(s, "진단서", "MEDICAL CERTIFICATE", size=0.06)
    rows = int(s.rng.integers(3, 5))
    _label_value_table(s, 0.05, 0.14, 0.95, 0.14 + rows * 0.05, rows=rows)
    y = 0.16 + rows * 0.05
    s.text(0.06, y + 0.02, s.t.label("질병분류기호", "Disease code"), size=0.018)
    for index in range(6):  # the disease code boxes
        s.rect(0.32 + index * 0.06, y, 0.37 + index * 0.06, y + 0.045)
        s.text(0.345 + index * 0.06, y + 0.0225, s.t.pick("ABJKMS0123456789"), size=0.022, anchor="mm", style="mono")
    y += 0.07
    s.rect(0.05, y, 0.95, 0.8)
    s.text(0.07, y + 0.025, s.t.label("치료 내용 및 향후 치료에 대한 소견", "Treatment and opinion"), size=0.018)
    s.paragraph(0.07, y + 0.05, 0.93, 0.78, size=0.017, gap=1.7)
    _hospital_footer(s, y=0.84)


def driver_licence(s: Sheet) -> None:
    card = s.child(s.u(0.78, 0.9), s.u(0.7, 0.82), s.tint((238, 214, 214), 12))
    for index in range(14):  # guilloche
        card.draw.arc(card.box(-0.3 + index * 0.1, 0.2, 0.5 + index * 0.1, 1.2), 180, 300,
                      fill=card.tint((225, 190, 200), 8), width=1)
    card.text(0.04, 0.1, card.t.label("자동차운전면허증", "DRIVER'S LICENSE"), size=0.075, style="bold")
    card.text(0.96, 0.1, card.t.label(card.t.pick(("1종 보통", "2종 보통", "1종 대형")), "Class 1"), size=0.05,
              anchor="rm")
    card.photo(0.04, 0.22, 0.3, 0.78)
    card.text(0.35, 0.26, card.t.digits("##-##-######-##"), size=0.06, style="mono")
    for index in range(4):
        card.text(0.35, 0.38 + index * 0.1, card.t.pick((card.t.name(), card.t.address(), card.t.date())),
                  size=0.043)
    card.draw.ellipse(card.box(0.05, 0.82, 0.13, 0.96), fill=card.tint((200, 200, 220), 20))
    card.stamp(0.86, 0.84, radius=0.07, square=True)
    s.paste(card, s.u(0.45, 0.55), s.u(0.45, 0.55), angle=s.u(-6, 6), corner=0.04)


def medical_bill_receipt(s: Sheet) -> None:
    line_color = s.tint((40, 110, 140), 20)
    s.text(0.5, 0.05, s.t.label("진료비 계산서·영수증", "MEDICAL BILL RECEIPT"), size=0.04, style="bold",
           anchor="mm", fill=line_color)
    head = s.grid(0.04, 0.09, 0.96, 0.17, rows=2, cols=6, color=line_color)
    s.fill_cells(head, probability=0.7, size=0.012)
    rows, cols = int(s.rng.integers(14, 22)), int(s.rng.integers(6, 9))
    cells = s.grid(0.04, 0.19, 0.96, 0.86, rows=rows, cols=cols, color=line_color,
                   header_fill=s.tint((215, 235, 240)), widths=[3] + [2] * (cols - 1))
    for row in cells[1:]:
        s.text(row[0][0] + 0.005, (row[0][1] + row[0][3]) / 2, s.t.word(), size=0.011)
        for x0, y0, x1, y1 in row[1:]:
            if s.chance(0.55):
                s.text(x1 - 0.005, (y0 + y1) / 2, s.t.amount(), size=0.011, anchor="rm")
    s.rect(0.04, 0.87, 0.96, 0.92, outline=line_color, fill=s.tint((230, 240, 240)))
    s.text(0.94, 0.895, s.t.amount(), size=0.02, style="bold", anchor="rm")
    s.paragraph(0.04, 0.93, 0.96, 0.99, size=0.01, gap=1.4, fill=(110, 110, 110))


def outpatient_certificate(s: Sheet) -> None:
    _title(s, "통원확인서", "OUTPATIENT CERTIFICATE")
    rows = int(s.rng.integers(2, 4))
    _label_value_table(s, 0.05, 0.15, 0.95, 0.15 + rows * 0.055, rows=rows)
    top = 0.2 + rows * 0.055
    s.text(0.06, top, s.t.label("통원일자", "Visit dates"), size=0.02, style="bold")
    grid_rows, grid_cols = int(s.rng.integers(3, 6)), int(s.rng.integers(6, 9))
    cells = s.grid(0.05, top + 0.025, 0.95, top + 0.025 + grid_rows * 0.05, rows=grid_rows, cols=grid_cols)
    for row in cells:
        for x0, y0, x1, y1 in row:
            if s.chance(0.6):
                text = f"{s.rng.integers(1, 13):02d}/{s.rng.integers(1, 29):02d}"
                s.text((x0 + x1) / 2, (y0 + y1) / 2, text, size=0.016, style="mono", anchor="mm")
    s.text(0.5, 0.76, s.t.words(int(s.rng.integers(4, 7))), size=0.021, anchor="mm")
    _hospital_footer(s, y=0.82)


def national_id_card(s: Sheet) -> None:
    card = s.child(s.u(0.78, 0.9), s.u(0.7, 0.82), s.tint((228, 238, 246), 10))
    card.draw.ellipse(card.box(0.25, 0.15, 0.65, 0.85), fill=card.tint((214, 226, 240), 6))
    card.draw.chord(card.box(0.25, 0.15, 0.65, 0.85), 180, 360, fill=card.tint((236, 218, 222), 6))
    card.text(0.05, 0.13, card.t.label("주민등록증", "RESIDENT REGISTRATION"), size=0.085, style="bold")
    card.text(0.05, 0.3, card.t.name(), size=0.07)
    card.text(0.05, 0.43, card.t.digits("######-#######"), size=0.06, style="mono")
    card.text(0.05, 0.56, card.t.address(), size=0.038)
    card.text(0.05, 0.64, card.t.words(2), size=0.038)
    card.text(0.3, 0.8, card.t.date(". "), size=0.04, anchor="mm")
    card.text(0.3, 0.9, card.t.org("구청장", "District Office"), size=0.045, style="bold", anchor="mm")
    card.stamp(0.55, 0.88, radius=0.06, square=True)
    card.photo(0.68, 0.22, 0.95, 0.8)
    s.paste(card, s.u(0.45, 0.55), s.u(0.45, 0.55), angle=s.u(-6, 6), corner=0.04)


def passport(s: Sheet) -> None:
    fold = s.u(0.38, 0.48)
    s.rect(0, 0, 1, fold, outline=None, fill=s.tint((232, 226, 205), 10))
    for index in range(10):
        s.draw.arc(s.box(-0.5, -0.3 + index * 0.05, 1.5, 0.6 + index * 0.05), 200, 340, fill=(215, 205, 180))
    s.rect(0, fold, 1, 1, outline=None, fill=s.tint((214, 230, 222), 10))
    for index in range(12):
        s.draw.arc(s.box(-0.4, fold + index * 0.04, 1.4, fold + 0.5 + index * 0.04), 190, 350, fill=(190, 212, 205))
    s.line(0, fold, 1, fold, fill=(150, 150, 140), width=2)
    s.text(0.05, fold + 0.04, s.t.label("여권 PASSPORT", "PASSPORT"), size=0.03, style="bold")
    s.text(0.95, fold + 0.04, s.t.label("대한민국 REPUBLIC OF KOREA", "REPUBLIC OF KOREA"), size=0.022, anchor="rm")
    s.photo(0.05, fold + 0.08, 0.3, fold + 0.36)
    for index in range(6):
        y = fold + 0.09 + index * 0.045
        s.text(0.35, y, s.t.word(), size=0.012, fill=(90, 90, 90))
        s.text(0.35, y + 0.018, s.t.pick((s.t.name(), s.t.date(" "), s.t.digits("M########"))), size=0.02)
    for index in range(2):
        text = f"PMKOR{s.t.pick(('KIM', 'LEE', 'PARK', 'CHOI'))}<<{s.t.pick(('MINJUN', 'SEOYEON', 'JIHO'))}"
        text = (text if index == 0 else s.t.digits("M########KOR######M#######")).ljust(44, "<")
        s.text(0.5, 0.9 + index * 0.045, text, size=0.024, style="mono", anchor="mm")


def payment_confirmation(s: Sheet) -> None:
    brand = s.tint(s.t.pick(((30, 80, 160), (20, 120, 100), (120, 40, 120))), 20)
    s.rect(0.06, 0.04, 0.12, 0.08, outline=brand, fill=brand)
    s.text(0.14, 0.06, s.t.org("생명보험", "Insurance"), size=0.024, style="bold", fill=brand)
    s.line(0.05, 0.1, 0.95, 0.1, fill=brand, width=2)
    _title(s, "납입증명서", "PAYMENT CONFIRMATION", y=0.17)
    rows = int(s.rng.integers(4, 7))
    cells = s.grid(0.08, 0.24, 0.92, 0.24 + rows * 0.045, rows=rows, cols=2, widths=[1, 2], color=(120, 120, 120))
    for row in cells:
        s.text(row[0][0] + 0.02, (row[0][1] + row[0][3]) / 2, s.t.word(), size=0.019)
        s.text(row[1][0] + 0.02, (row[1][1] + row[1][3]) / 2, s.t.pick((s.t.name(), s.t.date())), size=0.019)
    y = 0.28 + rows * 0.045
    s.rect(0.15, y, 0.85, y + 0.07, width=3)
    s.text(0.5, y + 0.035, f"{s.t.label('금', '₩')} {s.t.amount()} {s.t.label('원', '')}", size=0.035,
           style="bold", anchor="mm")
    s.paragraph(0.1, y + 0.1, 0.9, 0.8, size=0.018, gap=1.9)
    s.text(0.5, 0.88, s.t.org("생명보험(주)", "Insurance Co."), size=0.03, style="bold", anchor="mm")
    s.stamp(0.78, 0.88, radius=0.045, square=True)


def pharmacy_receipt(s: Sheet) -> None:
    strip = s.child(s.u(0.42, 0.58), s.u(0.86, 0.95), s.tint((250, 250, 246), 4))
    strip.text(0.5, 0.04, strip.t.label("약제비 영수증", "PHARMACY RECEIPT"), size=0.06, style="bold", anchor="mm")
    strip.text(0.5, 0.08, strip.t.org("약국", "Pharmacy"), size=0.045, anchor="mm")
    strip.text(0.5, 0.11, strip.t.digits("TEL ###-####-####"), size=0.035, style="mono", anchor="mm")
    y = 0.15
    for index in range(int(strip.rng.integers(6, 12))):
        if index % 4 == 0:
            strip.dashed(0.05, 0.95, y, dash=0.03)
        else:
            strip.text(0.06, y, strip.t.word(), size=0.036, style="mono")
            strip.text(0.94, y, strip.t.amount(), size=0.036, style="mono", anchor="rm")
        y += 0.045
    strip.text(0.06, y + 0.03, strip.t.label("합계", "TOTAL"), size=0.05, style="bold")
    strip.text(0.94, y + 0.03, strip.t.amount(), size=0.05, style="bold", anchor="rm")
    strip.barcode(0.15, 0.84, 0.85, 0.93)
    s.paste(strip, s.u(0.45, 0.55), 0.5, angle=s.u(-4, 4))


def prescription(s: Sheet) -> None:
    green = s.tint((40, 130, 80), 25)
    _title(s, "처방전", "PRESCRIPTION", y=0.06, size=0.055)
    for index in range(4):
        s.checkbox(0.1 + index * 0.21, 0.12, checked=index == int(s.rng.integers(4)))
        s.text(0.13 + index * 0.21, 0.12, s.t.word(), size=0.016)
    left = s.grid(0.04, 0.15, 0.49, 0.33, rows=4, cols=2, color=green, widths=[1, 2])
    right = s.grid(0.51, 0.15, 0.96, 0.33, rows=4, cols=2, color=green, widths=[1, 2])
    s.fill_cells(left, probability=0.9, size=0.015)
    s.fill_cells(right, probability=0.9, size=0.015)
    rows = int(s.rng.integers(7, 12))
    cells = s.grid(0.04, 0.36, 0.96, 0.36 + rows * 0.042, rows=rows, cols=5, color=green, widths=[5, 2, 2, 2, 3],
                   header_fill=s.tint((220, 238, 225)))
    drugs_ko = ("타이레놀정500mg", "아목시실린캡슐", "록소프로펜정", "판토프라졸정", "세티리진정", "메트포르민정")
    drugs_en = ("Acetaminophen 500mg", "Amoxicillin cap", "Loxoprofen tab", "Pantoprazole", "Cetirizine")
    for row in cells[1:]:
        if s.chance(0.8):
            s.text(row[0][0] + 0.01, (row[0][1] + row[0][3]) / 2,
                   s.t.pick(drugs_ko if s.t.korean else drugs_en), size=0.016)
            for x0, y0, x1, y1 in row[1:4]:
                s.text((x0 + x1) / 2, (y0 + y1) / 2, str(s.rng.integers(1, 8)), size=0.016, anchor="mm")
    y = 0.39 + rows * 0.042
    s.rect(0.04, y, 0.96, min(0.97, y + 0.12), outline=green)
    s.text(0.06, y + 0.025, s.t.label("조제시 참고사항", "Notes for the pharmacist"), size=0.016)


def resume(s: Sheet) -> None:
    s.text(0.62 + s.u(-0.03, 0.03), 0.06, s.spaced("이력서") if s.t.korean else "RESUME", size=0.055,
           style="bold", anchor="mm")
    s.photo(0.05, 0.03, 0.25, 0.25)
    _label_value_table(s, 0.28, 0.12, 0.96, 0.25, rows=3, pairs=1)
    y = 0.29
    shade = s.tint((214, 222, 236), 10)
    for ko, en in (("학력사항", "Education"), ("경력사항", "Experience"), ("자격증", "Certificates")):
        rows = int(s.rng.integers(3, 6))
        if y + rows * 0.04 > 0.9:
            break
        cells = s.grid(0.05, y, 0.96, y + rows * 0.04, rows=rows, cols=3, widths=[3, 4, 2], header_fill=shade)
        s.text(0.07, (cells[0][0][1] + cells[0][0][3]) / 2, s.t.label(ko, en), size=0.018, style="bold")
        for row in cells[1:]:
            s.text(row[0][0] + 0.01, (row[0][1] + row[0][3]) / 2,
                   f"{s.t.date()[:7]} ~ {s.t.date()[:7]}", size=0.015, style="mono")
            s.text(row[1][0] + 0.01, (row[1][1] + row[1][3]) / 2, s.t.words(2), size=0.016)
        y += rows * 0.04 + 0.03
    s.text(0.5, 0.93, s.t.words(4), size=0.018, anchor="mm")
    s.text(0.9, 0.97, f"{s.t.name()} (인)" if s.t.korean else s.t.name(), size=0.018, anchor="rm")


def statement_of_opinion(s: Sheet) -> None:
    _title(s, "소견서", "STATEMENT OF OPINION", size=0.055)
    _label_value_table(s, 0.05, 0.14, 0.95, 0.25, rows=2)
    s.rect(0.05, 0.28, 0.95, 0.82)
    s.text(0.07, 0.3, s.t.label("소 견", "Opinion"), size=0.02, style="bold")
    s.paragraph(0.08, 0.33, 0.92, 0.8, size=0.019, gap=2.0, ruled=(190, 190, 200))
    s.text(0.5, 0.86, s.t.date(". "), size=0.02, anchor="mm")
    s.text(0.45, 0.92, s.t.label("의사", "Physician"), size=0.022, anchor="rm")
    s.scribble(0.5, 0.89, 0.75, 0.95)
    if s.chance(0.5):
        s.stamp(0.85, 0.92, radius=0.035)


def vehicle_registration(s: Sheet) -> None:
    green = s.tint((40, 120, 100), 20)
    s.rect(0, 0, 1, 1, outline=None, fill=s.tint((228, 240, 230), 6))
    for index in range(40):
        s.line(index / 20 - 1, 0, index / 20, 1, fill=(214, 230, 218))
    s.rect(0.025, 0.02, 0.975, 0.98, outline=green, width=4)
    s.rect(0.04, 0.03, 0.96, 0.97, outline=green, width=1.5)
    s.text(0.5, 0.07, s.t.label("자동차등록증", "VEHICLE REGISTRATION CERTIFICATE"),
           size=0.045 if s.t.korean else 0.028, style="bold", anchor="mm")
    rows = int(s.rng.integers(5, 8))
    cells = s.grid(0.06, 0.12, 0.94, 0.12 + rows * 0.045, rows=rows, cols=4, color=green, widths=[2, 3, 2, 3])
    for r, row in enumerate(cells):
        for c, (x0, y0, x1, y1) in enumerate(row):
            text = f"{'①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭'[(r * 2 + c // 2) % 14]} {s.t.word()}" if c % 2 == 0 else s.t.words(1)
            s.text(x0 + 0.01, (y0 + y1) / 2, text, size=0.014)
    y = 0.15 + rows * 0.045
    s.paragraph(0.07, y, 0.93, y + 0.08, size=0.015)
    s.text(0.5, y + 0.13, s.t.org("시장", "City Mayor"), size=0.03, style="bold", anchor="mm")
    s.stamp(0.72, y + 0.13, radius=0.04, square=True)
    s.grid(0.06, y + 0.2, 0.94, 0.94, rows=4, cols=5, color=green, header_fill=s.tint((210, 232, 220), 5))


def licence_plate(s: Sheet) -> None:
    body = s.tint(s.t.pick(((235, 235, 235), (25, 25, 30), (160, 165, 170), (30, 60, 130), (150, 20, 25))), 15)
    s.rect(0, 0, 1, 1, outline=None, fill=body)
    for step in range(8):  # light from above
        s.rect(0, step * 0.03, 1, step * 0.03 + 0.03, outline=None,
               fill=tuple(min(255, c + 4 * (8 - step)) for c in body))
    s.rect(0, s.u(0.7, 0.78), 1, 1, outline=None, fill=s.tint((30, 30, 32), 8))
    for x0 in (s.u(0.0, 0.05), s.u(0.75, 0.8)):
        s.draw.rounded_rectangle(s.box(x0, 0.25, x0 + 0.2, 0.42), radius=s.unit * 0.02, fill=s.tint((190, 25, 25)))
    style = int(s.rng.integers(3))
    plate_fill, ink = [((245, 245, 245), INK), ((245, 200, 40), INK), ((40, 110, 70), (245, 245, 245))][style]
    width, height = s.u(0.42, 0.55), s.u(0.13, 0.18) * s.w / s.h * 0.5
    x0, y0 = 0.5 - width / 2 + s.u(-0.04, 0.04), s.u(0.45, 0.55)
    s.draw.rounded_rectangle(s.box(x0, y0, x0 + width, y0 + height), radius=s.unit * 0.01, fill=plate_fill,
                             outline=INK, width=s.lw(2))
    text = f"{s.t.digits('##')}{s.t.pick('가나다라마거너더러머') if s.t.korean else s.t.pick('ABCDEHJK')} " \
           f"{s.t.digits('####')}"
    s.text(x0 + width / 2, y0 + height / 2, text, size=height * s.h / s.unit * 0.65, style="bold", fill=ink,
           anchor="mm")


@dataclass(frozen=True)
class DocClass:
    target: int
    name: str
    draw: Callable[[Sheet], None]
    aspect: tuple[float, float]  # width / height
    background: tuple[int, int, int] | None = PAPER  # None: a random desk surface under a card or receipt


PORTRAIT = (0.66, 0.78)
CARD_PHOTO = (1.2, 1.6)
CLASSES = (
    DocClass(0, "account_number", account_number, (0.7, 1.35)),
    DocClass(1, "application_for_payment_of_pregnancy_medical_expenses", pregnancy_application, PORTRAIT),
    DocClass(2, "car_dashboard", car_dashboard, (1.3, 1.9), (20, 20, 24)),
    DocClass(3, "confirmation_of_admission_and_discharge", admission_discharge, PORTRAIT),
    DocClass(4, "diagnosis", diagnosis, PORTRAIT),
    DocClass(5, "driver_lisence", driver_licence, CARD_PHOTO, None),
    DocClass(6, "medical_bill_receipts", medical_bill_receipt, (0.66, 1.1)),
    DocClass(7, "medical_outpatient_certificate", outpatient_certificate, PORTRAIT),
    DocClass(8, "national_id_card", national_id_card, CARD_PHOTO, None),
    DocClass(9, "passport", passport, (0.68, 0.9), (214, 230, 222)),
    DocClass(10, "payment_confirmation", payment_confirmation, PORTRAIT),
    DocClass(11, "pharmaceutical_receipt", pharmacy_receipt, (0.5, 0.8), None),
    DocClass(12, "prescription", prescription, PORTRAIT),
    DocClass(13, "resume", resume, PORTRAIT),
    DocClass(14, "statement_of_opinion", statement_of_opinion, PORTRAIT),
    DocClass(15, "vehicle_registration_certificate", vehicle_registration, PORTRAIT),
    DocClass(16, "vehicle_registration_plate", licence_plate, (1.4, 2.0)),
)
