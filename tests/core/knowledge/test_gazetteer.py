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


def test_the_data_law_vocabulary_lawyers_use_in_both_languages() -> None:
    gaz = default_gazetteer()
    # the same topic however it is said
    for text in ("数据出境", "data export rules", "outbound data transfers", "数据跨境流动"):
        assert "cross-border" in gaz.find("topics", text), text
    assert gaz.find("topics", "生成式人工智能服务") == ["generative AI"]
    assert gaz.find("topics", "a data breach at a hotel") == ["data breach"]
    assert gaz.find("topics", "等保2.0 测评") == ["multi-level protection"]
    # the main texts under the three laws, by their English and Chinese names
    assert gaz.find("laws", "个人信息出境标准合同办法") == ["Standard Contract Measures"]
    assert gaz.find("laws", "the Measures for Cybersecurity Review") == [
        "Cybersecurity Review Measures"
    ]
    assert gaz.find("laws", "网络数据安全管理条例") == ["Network Data Security Regulations"]


def test_every_name_is_one_entry_of_its_kind() -> None:
    gaz = default_gazetteer()
    for kind in ("authorities", "laws", "sectors", "topics", "entities"):
        names = gaz.names(kind)
        assert len(names) == len(set(names)), kind
        aliases: dict[str, str] = {}
        for entry in getattr(gaz.data, kind):
            for alias in (entry.name, *entry.aliases):
                folded = alias.casefold()
                assert aliases.setdefault(folded, entry.name) == entry.name, (kind, alias)


def test_authorities_by_their_current_names() -> None:
    gaz = default_gazetteer()
    assert gaz.find("authorities", "国家金融监督管理总局上海监管局") == ["NFRA"]
    assert gaz.find("authorities", "the National Data Administration said") == ["NDA"]
    assert gaz.find("authorities", "全国网络安全标准化技术委员会") == ["TC260"]
    assert gaz.find("authorities", "全国人大常委会") == ["NPC"]  # not a local congress


def test_sectors_lawyers_ask_about() -> None:
    gaz = default_gazetteer()
    assert gaz.find("sectors", "网约车平台被罚") == ["ride-hailing"]
    assert gaz.find("sectors", "two hotels fined over guest records") == ["hotels"]
    assert gaz.find("sectors", "an e-commerce platform") == ["e-commerce"]
