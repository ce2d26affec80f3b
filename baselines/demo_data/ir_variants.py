"""How students' questions differ from the collection's wording, as the bootcamp's real questions did.

The real questions name a topic the way a student writes it, not the way the document does: an English term
(``bridge inverter`` for 브리지 인버터, ``Ivanovsky`` for 이바노프스키), an older or spoken Korean word (잠 for 수면),
another transliteration (리보오솜 for 리보솜, 이태리 for 이탈리아). BM25 over the question's words misses those
documents; a multilingual dense model or the conversation's other turns can still find them. Small talk is often
one short remark, and some of it mentions school subjects by chance.
"""

# concept (as documents write it) -> how questions name it instead: English, then Korean variants
ALIASES: dict[str, tuple[str, ...]] = {
    "광합성": ("photosynthesis", "포토신세시스"),
    "세포 호흡": ("cellular respiration", "세포의 숨쉬기"),
    "DNA": ("디엔에이", "데옥시리보핵산"),
    "적혈구": ("red blood cell", "붉은 피톨"),
    "심장": ("heart", "염통"),
    "효소": ("enzyme", "엔자임"),
    "바이러스": ("virus", "비루스"),
    "멘델의 유전 법칙": ("Mendel's laws", "멘델 법칙"),
    "비타민": ("vitamin", "바이타민"),
    "면역": ("immunity", "이뮤니티"),
    "뉴런": ("neuron", "뉴우런"),
    "생태계": ("ecosystem", "에코시스템"),
    "산과 염기": ("acids and bases", "애시드와 베이스"),
    "원자": ("atom", "아톰"),
    "화학 결합": ("chemical bond", "케미컬 본드"),
    "산화 환원 반응": ("redox reaction", "레독스 반응"),
    "기체 법칙": ("gas laws", "가스 법칙"),
    "몰": ("mole", "mol"),
    "뉴턴의 운동 법칙": ("Newton's laws of motion", "뉴튼 법칙"),
    "역학적 에너지": ("mechanical energy", "메카니컬 에너지"),
    "빛": ("light", "광선"),
    "소리": ("sound", "음파"),
    "전기 회로": ("electric circuit", "서킷"),
    "전자기": ("electromagnetism", "일렉트로마그네티즘"),
    "열 전달": ("heat transfer", "열전도"),
    "판 구조론": ("plate tectonics", "플레이트 텍토닉스"),
    "암석": ("rock", "돌덩이"),
    "물의 순환": ("water cycle", "수문 순환"),
    "달": ("moon", "문"),
    "태양계": ("solar system", "솔라 시스템"),
    "별의 진화": ("stellar evolution", "항성 진화"),
    "계절": ("seasons", "사철"),
    "대기": ("atmosphere", "공기층"),
    "이진법": ("binary", "2진법"),
    "암호": ("cryptography", "크립토그래피"),
    "자료 구조": ("data structure", "데이터 구조"),
    "당뇨병": ("diabetes", "당뇨"),
    "노화": ("aging", "늙음"),
}

# One short remark, as most of the real small talk is; a few mention school subjects by chance.
SHORT_CHITCHAT = ("오늘 너무 즐거웠다!", "요새 너무 힘드네..", "너 모르는 것도 있어?", "ㅋㅋㅋㅋ", "고마워!", "대박!",
                  "헐 진짜?", "졸려...", "그렇구나", "알겠어, 고마워", "나 과학 시험 망쳤어 ㅠㅠ", "물리 너무 어려워",
                  "너 똑똑하다", "오늘 급식 맛있었어", "숙제 하기 싫다", "잘 지냈어?", "뭐 해?", "배불러")

# Follow-ups that drop the topic altogether (no 그것): alone they could be about any concept.
ELLIPTICAL_OPENERS = ("그럼 ", "그러면 ", "아 그럼 ", "")

# A question's other telling words, as a student might write them: English terms and everyday words.
TERMS: dict[str, tuple[str, ...]] = {
    "세포 소기관": ("organelle", "세포 안 기관"), "에너지 저장 물질": ("energy molecule",), "방출": ("release",),
    "이중 나선": ("double helix", "꽈배기 모양"), "아데닌": ("adenine",), "염기": ("base",), "진핵세포": ("eukaryote",),
    "산소": ("oxygen", "O2"), "단백질": ("protein",), "포유류": ("mammal",), "수명": ("lifespan", "살 수 있는 기간"),
    "폐": ("lung", "허파"), "혈액": ("blood", "피"), "기질 특이성": ("substrate specificity",),
    "증식": ("replicate", "번식"), "항생제": ("antibiotic", "antibiotics"), "잡종": ("hybrid", "하이브리드"),
    "우성": ("dominant",), "열성": ("recessive",), "괴혈병": ("scurvy",), "햇빛": ("sunlight", "햇볕"),
    "야맹증": ("night blindness", "밤눈"), "백신": ("vaccine", "왁친"), "항체": ("antibody",),
    "시냅스": ("synapse",), "활동 전위": ("action potential",), "이온": ("ion",), "생산자": ("producer",),
    "먹이 사슬": ("food chain",), "분해자": ("decomposer",), "리트머스": ("litmus",), "원자핵": ("nucleus",),
    "음전하": ("negative charge", "마이너스 전하"), "공유": ("share",), "전자": ("electron",),
    "보일 법칙": ("Boyle's law",), "샤를 법칙": ("Charles's law",), "상태 방정식": ("equation of state",),
    "입자 수": ("number of particles",), "관성": ("inertia",), "가속도": ("acceleration",),
    "작용 반작용": ("action and reaction",), "위치 에너지": ("potential energy",), "운동 에너지": ("kinetic energy",),
    "진공": ("vacuum",), "속력": ("speed",), "프리즘": ("prism",), "높낮이": ("pitch",), "옴의 법칙": ("Ohm's law",),
    "직렬": ("series",), "병렬": ("parallel",), "전압": ("voltage",), "도선": ("wire", "전선"),
    "나침반": ("compass",), "지진": ("earthquake",), "화산": ("volcano",), "히말라야산맥": ("Himalayas", "히말라야"),
    "마그마": ("magma",), "화석": ("fossil",), "구름": ("cloud",), "밀물과 썰물": ("tides", "조수"),
    "월식": ("lunar eclipse",), "행성": ("planet",), "주계열성": ("main sequence star",), "오존층": ("ozone layer",),
    "바이트": ("byte",), "비트": ("bit",), "십진수": ("decimal",), "해시 함수": ("hash function",),
    "이진 탐색": ("binary search",), "시간 복잡도": ("time complexity", "빅오"), "스택": ("stack",), "큐": ("queue",),
    "인슐린": ("insulin",), "혈당": ("blood sugar",), "호르몬": ("hormone",), "골다공증": ("osteoporosis",),
    "노안": ("presbyopia", "돋보기 눈"), "근육": ("muscle",),
    "위상": ("phase", "모양"), "에너지원": ("energy source",), "기상 현상": ("날씨 변화", "weather"),
    "금속": ("metal",), "자기장": ("magnetic field",), "pH": ("산도",),
    "표면 온도": ("surface temperature",), "가장 큰": ("제일 큰",),
    # element names (questions about atomic numbers); one-syllable ones (인, 철, 은 ...) would match inside words
    "수소": ("hydrogen",), "헬륨": ("helium",), "리튬": ("lithium",), "탄소": ("carbon",), "질소": ("nitrogen",),
    "플루오린": ("플루오르", "불소"), "네온": ("neon",), "나트륨": ("소듐", "sodium"), "마그네슘": ("magnesium",),
    "알루미늄": ("aluminium", "알루미니움"), "규소": ("실리콘", "silicon"), "염소": ("chlorine",),
    "칼륨": ("포타슘", "potassium"), "칼슘": ("calcium",), "구리": ("copper",), "아연": ("zinc",),
}
