"""Fill the Chinese catalogue of oversight from ZH (glossary terms). Run from oversight/:
`python locale/fill_zh.py` after makemessages. Fails on a msgid without a translation."""

import re
import sys
from pathlib import Path

ZH = {
    "County oversight": "县级督导",
    "Pilot": "试点",
    "This township already has a pilot.": "本乡镇已有试点。",
    "The pilot cannot end before it starts.": "试点结束日期不能早于开始日期。",
    "Phases follow one another in order; none may be skipped.": "试点各阶段须依次推进，不得跳过任何阶段。",
    "The pilot is already in its last phase.": "试点已处于最后阶段。",
    "This phase cannot end yet. Missing: %(missing)s.": "本阶段尚不能结束。缺少：%(missing)s。",
    "The trial run lasts at least half a month (15 days): it can move on from %(date)s.": "试运行至少半个月（15 天）：%(date)s 起方可进入下一阶段。",
    "A phase cannot end before it started.": "阶段结束日期不能早于开始日期。",
    "This kind of document does not belong to this phase.": "此类材料不属于本阶段。",
    "This phase has ended: documents are added to the current phase.": "本阶段已结束：材料须添加到当前阶段。",
    "The summary is submitted in the summary and improvement phase.": "工作总结须在总结完善阶段报送。",
    "A summary is already with the county or accepted: a new round follows only a returned one.": "已有工作总结在县委组织部审核中或已通过：只有被退回后才能报送新一轮。",
    "This summary has already been reviewed.": "该工作总结已审核。",
    "A returned summary needs a comment saying what to change.": "退回工作总结须填写修改意见。",
    "Only a county reviewer of this township's county reviews its summary.": "只有本县的县级审核人员才能审核该工作总结。",
    "Only the township's secretary or clerk records the pilot.": "只有本乡镇党委书记或工作人员才能记录试点情况。",
    "compliant": "合规",
    "attention": "需关注",
    "breach": "违规",
    "not yet recorded": "尚未记录",
    "Decision-making": "议事决策",
    "Learning and training": "学习培训",
    "Selection and appointment": "选人用人",
    "Major events and finance": "重大事项管理",
    "Incentive and restraint": "激励约束",
    "Record": "记录",
    "Month without a committee meeting": "未召开党委会的月份",
    "Decided at": "决定时间",
    "Decided by": "决定人",
    "What was decided": "决定事项",
    "Why": "理由",
    "At": "时间",
    "Meeting": "会议",
    "By": "操作人",
    "Month without the study day": "未开展集中学习的月份",
    "Months without the cadres' collective study day": "未开展干部集中学习日的月数",
    "missing": "未提交",
    "submitted late": "逾期提交",
    "Month": "月份",
    "Cadre": "干部",
    "Study report": "月度学习心得",
    "Exam": "考试",
    "Disqualified on": "取消任职资格日期",
    "Months without a committee meeting": "未召开党委会的月数",
    "0 green; 1 amber; 2 or more red": "0 为绿色；1 为黄色；2 及以上为红色",
    "Townships without a committee meeting": "未召开党委会的乡镇数",
    "Overdue emergency decisions": "逾期未报告的紧急情况下的个人临机决定",
    "0 green; 1 or more red": "0 为绿色；1 及以上为红色",
    "Late notices attempted": "会议通知逾期（试图不足时限发出）",
    "0 green; 1–2 amber; 3 or more red": "0 为绿色；1–2 为黄色；3 及以上为红色",
    "Agenda changes attempted after the notice": "通知发出后试图变更议程",
    "Quorum failures": "到会人数不足",
    "Months without a central-group study day": "未开展党委中心组集中学习的月数",
    "Townships without a central-group study day": "未开展党委中心组集中学习的乡镇数",
    "Study reports submitted": "月度学习心得提交率",
    "90% or more green; 70–89% amber; below 70% red": "90% 及以上为绿色；70%–89% 为黄色；低于 70% 为红色",
    "Study reports submitted (mean of the townships, %)": "月度学习心得提交率（各乡镇平均，%）",
    "Cadres disqualified (exam not passed in time)": "取消任职资格的干部（未按期通过任职资格考试）",
    "0 green; 1 or more amber": "0 为绿色；1 及以上为黄色",
    "Appointments done before their notice period ended": "公示期未满即办理任职手续",
    "Quarters without a finance report": "未报告季度财政收支情况的季度数",
    "Half-years without a democratic life meeting": "未召开民主生活会的半年数",
    "Starts on": "开始日期",
    "Ends on": "结束日期",
    "Next phase": "下一阶段",
    "On": "日期",
    "Kind": "类别",
    "Title": "标题",
    "Text": "内容",
    "Opinions gathered": "征求到的意见",
    "File": "文件",
    "Summary text": "工作总结正文",
    "Attachment": "附件",
    "Review decision": "审核结果",
    "Accept": "通过",
    "Return with a comment": "退回并提出意见",
    "Comment to the township": "审核意见",
    "township": "乡镇",
    "starts on": "开始日期",
    "ends on": "结束日期",
    "created by": "创建人",
    "created at": "创建时间",
    "pilot": "试点",
    "pilots": "试点",
    "preparation": "准备阶段",
    "building the system": "建章立制",
    "trial run": "试运行",
    "summary and improvement": "总结完善",
    "phase": "阶段",
    "started on": "开始日期",
    "ended on": "结束日期",
    "started by": "开始人",
    "moved on by": "推进人",
    "pilot phase": "试点阶段",
    "pilot phases": "试点阶段",
    "investigation record": "调查研究记录",
    "implementation plan": "实施方案",
    "rules and regulations": "规章制度",
    "symposium record": "座谈会记录",
    "trial-run log entry": "试运行日志",
    "other document": "其他材料",
    "kind": "类别",
    "title": "标题",
    "text": "正文",
    "opinions gathered": "征求到的意见",
    "file": "文件",
    "version": "版本",
    "previous version": "上一版本",
    "added by": "添加人",
    "added at": "添加时间",
    "phase document": "阶段材料",
    "phase documents": "阶段材料",
    "submitted": "已报送",
    "accepted": "已通过",
    "returned": "已退回",
    "round": "轮次",
    "attachment": "附件",
    "status": "状态",
    "submitted by": "报送人",
    "submitted at": "报送时间",
    "reviewer's comment": "审核意见",
    "reviewed by": "审核人",
    "reviewed at": "审核时间",
    "pilot summary": "试点工作总结",
    "pilot summaries": "试点工作总结",
    "The summary needs its text.": "工作总结须填写正文。",
    "Compliance of %(county)s": "%(county)s制度执行情况",
    "Compliance of %(county)s, %(year)s": "%(county)s %(year)s 年制度执行情况",
    "Figures computed from the townships' records, %(start)s to %(end)s.": "数据根据各乡镇记录计算，统计期间 %(start)s 至 %(end)s。",
    "Year": "年度",
    "Show": "显示",
    "Export figures (.xlsx)": "导出数据（.xlsx）",
    "County report (PDF)": "全县报告（PDF）",
    "Legend:": "图例：",
    "Townships and mechanisms": "各乡镇五项机制执行情况",
    "Township": "乡镇",
    "View": "查看",
    "Summary, round %(n)s": "工作总结第 %(n)s 轮",
    "No pilot": "无试点",
    "No township in this county.": "本县暂无乡镇。",
    "Trend by month": "按月趋势",
    "M%(m)s": "%(m)s月",
    "No month has ended yet this year.": "本年度尚无已结束的月份。",
    "How the colours are set": "颜色判定规则",
    "Rule": "规则",
    "Figure": "指标",
    "Colour": "颜色",
    "Back to the dashboard": "返回总览",
    "Records behind this figure": "该指标所依据的记录",
    "No record: nothing to report.": "无记录：没有需要报告的事项。",
    "this mechanism does not record this figure yet.": "该机制尚未记录此项指标。",
    "Current phase:": "当前阶段：",
    "This township has no pilot yet.": "本乡镇尚无试点。",
    "Open the pilot": "开展试点",
    "Mechanism": "机制",
    "Value": "数值",
    "Pilot record of %(name)s": "%(name)s试点工作档案",
    "From %(start)s to %(end)s.": "自 %(start)s 至 %(end)s。",
    "Version": "版本",
    "No document yet.": "暂无材料。",
    "Summaries": "工作总结",
    "Round %(n)s": "第 %(n)s 轮",
    "Reviewer's comment": "审核意见",
    "No summary submitted yet.": "尚未报送工作总结。",
    "Pilot of %(name)s": "%(name)s试点",
    "Pilot record (PDF)": "试点工作档案（PDF）",
    "Started on": "开始于",
    "current": "当前",
    "Still missing:": "尚缺：",
    "Download": "下载",
    "Phases to come:": "后续阶段：",
    "Round": "轮次",
    "Submitted at": "报送时间",
    "Status": "状态",
    "Move on to: %(phase)s": "进入下一阶段：%(phase)s",
    "Move on": "进入下一阶段",
    "Add a document to the current phase": "为当前阶段添加材料",
    "Add the document": "添加材料",
    "Submit the summary to the county": "向县委组织部报送工作总结",
    "Submit to the county": "报送",
    "Summary of %(name)s, round %(n)s": "%(name)s工作总结（第 %(n)s 轮）",
    "Back to the pilot": "返回试点",
    "Reviewed at": "审核时间",
    "Every round": "历轮工作总结",
    "Review": "审核",
    "Record the review": "提交审核结果",
    "Trend": "趋势",
    "The pilot is open, in its preparation phase.": "试点已开展，进入准备阶段。",
    "The pilot has moved on to its next phase.": "试点已进入下一阶段。",
    "Document added.": "材料已添加。",
    "Summary submitted to the county.": "工作总结已报送县委组织部。",
    "Your review is recorded.": "审核结果已记录。",
    "View the pilot": "查看试点",
    "None.": "无。",
    "Open these records in their mechanism": "在所属机制中查看这些记录",
    "A symposium record holds the opinions gathered.": "座谈会记录须载明征求到的意见。",
    "Change history": "操作留痕",
    "By month": "按月情况",
    "Gap in the month (1 = yes)": "当月是否缺失（1 为是）",
    "Yes": "是",
    "No": "否",
    "Steering group": "督导组",
    "Compliance of the county": "全县制度执行情况",
    "Only the townships I steer": "仅显示我督导的乡镇",
    "I steer this township": "我督导该乡镇",
    "You now steer %(name)s.": "您已加入%(name)s督导组。",
    "Only county reviewers of this township's county join its steering group.": "只有本县的县级审核人员才能加入该乡镇督导组。",
    "This reviewer already steers this township.": "该审核人员已在该乡镇督导组中。",
    "assigned at": "分配时间",
    "Steering assignment": "督导分工",
    "steering assignment": "督导分工",
    "steering assignments": "督导分工",
    "reviewer": "审核人员",
    "assigned by": "分配人",
    "Your steering group townships": "您督导的乡镇",
    "Pilot townships you steer": "您督导的试点乡镇",
    "Compliance dashboard": "制度执行情况总览",
    "Summaries awaiting your review": "待审核的工作总结",
}


def _unquote(lines):
    return "".join(
        bytes(re.match(r'^"(.*)"$', ln).group(1), "utf-8")
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
        for ln in lines
    )


def main(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    out, missing = [], []
    for i, block in enumerate(blocks):
        lines = block.split("\n")
        if i == 0:
            lines = [ln for ln in lines if ln != "#, fuzzy"]
            lines = [
                '"Language: zh_Hans\\n"' if ln.startswith('"Language: ') else ln
                for ln in lines
            ]
            out.append("\n".join(lines))
            continue
        try:
            start = next(k for k, ln in enumerate(lines) if ln.startswith("msgid "))
        except StopIteration:
            out.append(block)
            continue
        end = next(k for k, ln in enumerate(lines) if ln.startswith("msgstr "))
        msgid_lines = [lines[start][6:], *lines[start + 1 : end]]
        msgid = _unquote(msgid_lines)
        if msgid not in ZH:
            missing.append(msgid)
            out.append(block)
            continue
        zh = ZH[msgid].replace("\\", "\\\\").replace('"', '\\"')
        head = [ln for ln in lines[:end] if ln != "#, fuzzy"]
        head = [ln.replace("#, fuzzy, ", "#, ") for ln in head]
        out.append("\n".join([*head, f'msgstr "{zh}"']))
    path.write_text("\n\n".join(out), encoding="utf-8")
    for m in missing:
        print("MISSING:", m)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(Path(__file__).parent / "zh_Hans/LC_MESSAGES/django.po"))
