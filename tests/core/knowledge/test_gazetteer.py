from __future__ import annotations

from bot.core.knowledge.gazetteer import default_gazetteer


def test_finds_names_and_chinese_aliases() -> None:
    g = default_gazetteer()
    assert g.find("regions", "禹州市市场监督管理局 in 河南") == ["Yuzhou", "Henan"]
    assert g.find("authorities", "网信办 and the MIIT") == ["CAC", "MIIT"]
    assert g.find("laws", "违反《个人信息保护法》and the Cybersecurity Law") == ["PIPL", "CSL"]


def test_longest_alias_wins() -> None:
    g = default_gazetteer()
    assert g.find("authorities", "the National People's Congress") == ["NPC"]
    assert g.find("authorities", "Shanghai Municipal People’s Congress") == ["People's Congress"]


def test_word_boundaries_for_latin_aliases() -> None:
    g = default_gazetteer()
    assert g.find("regions", "Henanese cuisine") == []
    assert g.find("authorities", "cacao") == []


def test_typo_tolerant_regions_never_conflate_neighbours() -> None:
    g = default_gazetteer()
    assert g.fuzzy_region("hennan") == "Henan"
    assert g.fuzzy_region("heilongjang") == "Heilongjiang"
    assert g.fuzzy_region("shanxi") == "Shanxi"
    assert g.fuzzy_region("shaanxi") == "Shaanxi"
    assert g.fuzzy_region("hunan") == "Hunan"
    assert g.fuzzy_region("atlantis") is None
    assert g.fuzzy_region("xyz") is None


def test_region_hierarchy() -> None:
    g = default_gazetteer()
    assert g.region_ancestors("Liangxi District") == ["Wuxi", "Jiangsu"]
    assert g.region_with_ancestors(["Yuzhou"]) == ["Yuzhou", "Henan"]


def test_sections_and_commentary() -> None:
    g = default_gazetteer()
    assert g.section_category("Courts Litigation") == "court"
    assert g.section_category("Enforcement Developments") == "enforcement"
    assert g.section_category("Four Departments Jointly Issue") is None
    assert g.is_commentary_heading("Key highlights")


def test_provincial_departments_are_known_by_their_kind() -> None:
    g = default_gazetteer()
    found = {
        "Yunnan Provincial Public Security Department": ["Public Security Bureau"],
        "the Department of Public Security of Fujian Province": ["Public Security Bureau"],
        "云南省公安厅": ["Public Security Bureau"],
        "Fujian Provincial Telecommunications Administration": ["Communications Administration"],
        "Anhui Provincial Administration of Market Regulation": ["AMR"],
        "Xiamen Market Supervision and Administration Bureau": ["AMR"],
        "安徽省市场监督管理厅": ["AMR"],
        "Hebei Provincial Department of Industry and Information Technology": ["EITB"],
        "河北省工业和信息化厅": ["EITB"],
        "Hunan Provincial Department of Education": ["Education Commission"],
        "Xiamen Cyberspace Affairs Office": ["CAC"],
        "Anhui Provincial People's Government": ["People's Government"],
        "中华人民共和国中央人民政府": ["State Council"],
        "Sichuan Provincial Health Commission": ["Health Commission"],
        "四川省卫生健康委员会": ["Health Commission"],
        "the National Health Commission": ["NHC"],
        "Guangdong Provincial Government Affairs and Data Administration": ["Data Bureau"],
        "贵州省大数据发展管理局": ["Data Bureau"],
        "国家数据局": ["NDA"],
    }
    for text, authorities in found.items():
        assert g.find("authorities", text) == authorities, text
    # the ministries keep their own names
    assert g.find("authorities", "Ministry of Industry and Information Technology") == ["MIIT"]
    assert g.find("authorities", "Ministry of Public Security") == ["MPS"]


def test_national_authorities_set_up_or_named_since_2023() -> None:
    g = default_gazetteer()
    assert g.find("authorities", "国家金融监督管理总局 and the National Data Administration") == [
        "NFRA",
        "NDA",
    ]
    groups = {group.name: group.authorities for group in g.data.authority_groups}
    assert "NFRA" in groups["financial regulators"]
