"""Small newsletters written for the tests (our own words), one per layout form.

Facts follow real mid-2022 developments or are invented; none is copied from a source.
"""

from __future__ import annotations

from bot.core.knowledge.gazetteer import default_gazetteer
from bot.core.knowledge.ingest.parse import ParsedItem, ParsedNewsletter, parse_bytes

MARKDOWN = """\
# Data Protection Monthly - June 2022

Welcome to the June issue. Regulators kept a brisk pace on apps and transfers.

## Key highlights

- The CAC proposed a standard contract for exporting personal information.
- A zoo in Hangzhou must pay damages over facial data.

## Legislation

### CAC proposes standard contract rules for outbound personal information

On 30 June 2022, the [CAC](https://www.cac.gov.cn/a.htm) published draft provisions on a \
standard contract for sending personal information abroad, for public comment until 29 July 2022.

### Standing Committee amends the Anti-Monopoly Law

On 24 June 2022, the NPC Standing Committee adopted amendments to the Anti-Monopoly Law. \
The amended law takes effect on 1 August 2022.

## Enforcement

- **Zhengzhou regulator fines estate agent.** On 7 June 2022, the Zhengzhou market regulator \
fined Zhengzhou Jiaye Property Co., Ltd. RMB 200,000 for capturing visitors' faces without consent.
- **Provincial regulator names app operators.** On 15 June 2022, the Guangdong communications \
administration named 21 apps that collected data excessively.

## Courts

1. **Hangzhou court rules on zoo's face scans**: On 20 June 2022, a Hangzhou court ordered \
the zoo operator to pay RMB 1,038 to compensate a visitor for scanning his face.

## Our views

Companies should map their outbound transfers now; the standard contract route will suit most.

## About us

We are a small team of privacy lawyers. Please contact us with any questions.
"""

MEMO = """\
CHINA DATA PROTECTION MEMO
June 2022

1. LEGISLATION AND REGULATION

1.1 CAC revises the Provisions on the Administration of Mobile Internet Applications
On 14 June 2022, the CAC issued the revised Provisions on the Administration of Mobile
Internet Applications, which take effect on 1 August 2022.

1.2 TC260 publishes a practice guide on cross-border certification
On 24 June 2022, TC260 released a practice guide on certification for cross-border
processing of personal information.

1.3 MIIT consults on data security management in industry
On 8 June 2022, the MIIT released draft measures on data security in industry and
information technology for public comment.

1.4 Shenzhen issues a data transaction regulation
On 22 June 2022, Shenzhen released rules for its data exchange. Under the national
rules, operators face fines of up to RMB 5 million for serious breaches.

1.5 CAC finalises rules on internet user accounts
On 27 June 2022, the CAC issued the Provisions on the Administration of Internet User
Account Information, effective from 1 August 2022.

2. ENFORCEMENT

2.1 Shanghai regulator fines a consumer-loan platform
On 16 June 2022, the Shanghai market regulator fined Shanghai Ruiyi Network Technology Co., Ltd.
RMB 350,000 for sending marketing messages without consent.

2.2 Beijing police act against data brokers
On 21 June 2022, the Beijing police said it had broken up a ring selling personal data.

3. ACTION POINTS

3.1 Check app permissions against the revised provisions.

3.2 Prepare standard contracts for outbound transfers.
"""

CHINESE = """\
数据合规月报（2022年6月）

编者按：本期关注个人信息出境和执法案例。

【监管动态】

◆ 国家网信办就个人信息出境标准合同规定公开征求意见
2022年6月30日，国家互联网信息办公室发布《个人信息出境标准合同规定（征求意见稿）》，向社会公开征求意见。

◆ 《深圳经济特区数据条例》配套办法印发
6月22日，深圳市印发数据交易管理办法，自2022年8月1日起施行。

◆ 国家网信办发布互联网用户账号信息管理规定
6月27日，国家网信办发布《互联网用户账号信息管理规定》，自2022年8月1日起施行。

【监管执法】

◆ 上海某网络科技有限公司违法发送营销短信被罚
6月16日，上海市市场监督管理局对上海锐易网络科技有限公司作出行政处罚，罚款叁拾伍万元。

◆ 郑州一房地产公司违规采集人脸信息
2022年6月7日，郑州市市场监督管理局对郑州佳业置业有限公司处以罚款20万元。依据有关规定，最高可处五千万元罚款。

【律师点评】

企业应当尽快梳理个人信息出境场景。
"""

CHINESE_NUMBERED = """\
个人信息保护动态（2022年6月刊）

一、立法动态

1. 国家网信办发布《互联网用户账号信息管理规定》
2022年6月27日，国家网信办发布《互联网用户账号信息管理规定》，自2022年8月1日起施行。

2. 工信部就工业和信息化领域数据安全管理办法公开征求意见
2022年6月8日，工信部发布《工业和信息化领域数据安全管理办法（试行）（征求意见稿）》。

二、执法动态

1. 上海锐易网络科技有限公司被罚叁拾伍万元
2022年6月16日，上海市市场监督管理局对该公司处以罚款叁拾伍万元。

三、司法动态

1. 杭州互联网法院审结一起人脸识别纠纷
2022年6月20日，杭州互联网法院判决被告赔偿原告一千零三十八元。

四、律师点评

1. 企业应关注账号信息管理新规。
"""

DATELINES = """\
Privacy roundup, June 2022

ENFORCEMENT

22 Jun 2022 – CAC opens a review of a recruitment platform's data handling after \
complaints about leaked CVs. Since 1 January of the previous year, such reviews have doubled.

16 Jun 2022 – Shanghai's market regulator fines Shanghai Ruiyi Network Technology Co., Ltd. \
RMB 350,000 for marketing texts sent without consent.

LEGISLATION

24 Jun 2022 – NPC Standing Committee adopts the amended Anti-Monopoly Law; it takes effect \
on 1 August 2022.

Thank you for reading. We will continue to monitor these developments.
"""

BOLD = """\
**Regulatory developments**

**CAC consults on standard contracts.** On 30 June 2022, the CAC published draft provisions \
on standard contracts for exporting personal information.

**MIIT consults on industrial data security.** On 8 June 2022, the MIIT published draft \
measures on data security in the industry sector.

**Enforcement**

* On 16 June 2022, the Shanghai AMR fined Shanghai Ruiyi Network Technology Co., Ltd. \
RMB 350,000 for unsolicited marketing texts.
* On 21 June 2022, Beijing police reported breaking up a ring that sold personal data; \
Zhang San was sentenced to three years in prison and fined RMB 50,000.

**Our views**

Expect more campaigns against unsolicited marketing in the second half of the year.
"""

TABLE_AND_NESTED_BULLETS = """\
## Enforcement

| Date | Authority | Party | Outcome |
|---|---|---|---|
| 16 June 2022 | Shanghai AMR | Shanghai Ruiyi Network Technology Co., Ltd. | fined RMB 350,000 |
| 7 June 2022 | Zhengzhou AMR | Zhengzhou Jiaye Property Co., Ltd. | fined RMB 200,000 |

## Legislation

- 24 June 2022 – The NPC Standing Committee adopted the amended Anti-Monopoly Law.
  - It takes effect on 1 August 2022.
  - Platform rules are tightened.
- 30 June 2022 – The CAC released a draft standard contract for personal information exports.
"""

ENGLISH_FOR_MERGE = """\
# China privacy brief, June 2022

## Regulatory updates

### CAC consults on a standard contract for personal information exports

On 30 June 2022, the Cyberspace Administration of China published draft provisions on a \
standard contract for cross-border transfers of personal information, open for comment.

### Shenzhen issues data transaction measures

On 22 June 2022, Shenzhen issued measures governing its data exchange, to take effect on \
1 August 2022.

### NPC amends the Anti-Monopoly Law

On 24 June 2022, the NPC Standing Committee adopted the amended Anti-Monopoly Law.

## Enforcement

### Shanghai marketing texts fine

On 16 June 2022, the Shanghai market regulator (AMR) fined Shanghai Ruiyi Network Technology \
Co., Ltd. RMB 350,000 for sending marketing texts without consent.

### Zhengzhou estate agent fined over face capture

On 7 June 2022, the Zhengzhou AMR fined Zhengzhou Jiaye Property Co., Ltd. RMB 200,000 for \
capturing the faces of visitors to its real estate sales office.
"""


def parse(text: str, name: str = "x.md") -> ParsedNewsletter:
    return parse_bytes(text.encode(), name, name.rsplit(".", 1)[0], default_gazetteer())


def titled(newsletter: ParsedNewsletter, start: str) -> ParsedItem:
    found = [i for i in newsletter.items if i.headline.startswith(start)]
    assert len(found) == 1, [i.headline for i in newsletter.items]
    return found[0]
