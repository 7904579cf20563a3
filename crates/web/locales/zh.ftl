# Segmint 的简体中文文案：面向市场和运营同事，用他们平时的说法，不逐字直译。
# 键名与 en.ftl 一一对应，变量也必须相同（build.rs 会检查）。

## 计数

count-customers = { $count } 位客户

## 日期（segmint_web::format::date）：“2010年12月1日”

date-long = { $year }年{ $month }月{ $day }日

## 应用框架

app-tagline = 客户分析全程在你的设备上完成，数据不出本机。
app-open-file = 打开文件
app-demo = 用示例数据试试
app-empty = 把订单或交易明细导出文件拖到这里（CSV、TSV、TXT，或压缩后的 .csv.gz）。文件只在你的浏览器里读取，不会上传。
app-reading = 正在读取 { $file }
app-cancel = 取消
app-analyses = 分析
app-demo-failed = 示例数据加载失败：{ $reason }

## 分析运行时与取消之后

overview-computing = 正在计算关键指标…
rfm-computing = 正在计算 RFM 评分…
clusters-computing = 正在计算聚类（k = 2 至 10）…
baskets-computing = 正在查找频繁项集和关联规则…
clv-computing = 正在计算客户生命周期价值…
cohorts-computing = 正在计算同期群…
activity-reloading = 正在为分析重新读取文件
activity-running-one = 正在运行 1 项分析
activity-running-many = 正在运行 { $count } 项分析
activity-cancelled = 分析已取消。
activity-rerun = 重新运行

## 语言切换

lang-label = 语言
lang-remember = 在这台设备上记住我的语言

## 分析标签页

tab-overview = 概览
tab-rfm = RFM 与客户分群
tab-clusters = 聚类
tab-baskets = 购物篮
tab-clv = 客户终身价值
tab-cohorts = 同期群
tab-customers = 客户
tab-recommend = 商品推荐
tab-lift = 活动效果评估

## “RFM 分析与客户细分”“客户生命周期价值”“同期群留存”标签页与细分规则编辑器

col-customers = 客户数
rfm-title = RFM 分析与客户细分
rfm-preset-label = 细分方案
rfm-preset-rfm10 = 10 个细分（R 语言 rfm 包）
rfm-preset-rf-grid = 最近购买 × 购买频次网格
rfm-preset-three-level = 三级分层
rfm-bins-label = 每项指标的评分档数
rfm-edit-rules = 编辑细分规则
rfm-custom-rules-note = 以下细分按您自定义的规则划分，而非预设规则。
rfm-summary = 参考日期 { $date }，共 { $customers } 位客户，按最近购买（R）、购买频次（F）和消费金额（M）各评 1–{ $bins } 分（分数越高越好）。
rfm-segments-caption = 客户细分
rfm-col-segment = 细分
rfm-col-who = 客户特征
rfm-col-action = 建议行动
rfm-col-share = 客户占比
rfm-col-revenue = 销售额
rfm-col-revenue-share = 销售额占比
rfm-col-median-recency = 距上次购买天数（中位数）
rfm-col-members = 成员名单
rfm-members-csv = CSV
rfm-members-csv-label = 下载“{ $segment }”的成员名单（CSV）
rfm-segments-csv = 导出细分（CSV）
rfm-customers-csv = 导出全部已评分客户（CSV）
rfm-heatmap-caption = 各最近购买评分（行）与购买频次评分（列）的客户数
rfm-heatmap-corner = R \ F
rfm-thresholds-title = 评分阈值
rfm-thresholds-caption = 每个分数对应的取值区间
rfm-col-metric = 指标
rfm-col-score = 分数
rfm-col-from = 从
rfm-col-to = 到
rfm-metric-recency = 最近购买（天）
rfm-metric-frequency = 购买频次（订单数）
rfm-metric-monetary = 消费金额
rfm-thresholds-csv = 导出评分阈值（CSV）
migration-title = 客户细分迁移
migration-summary = 按 { $from } 之前的订单划分的客户细分，与 { $to } 的细分对比：{ $stayed } 位客户留在原细分，{ $moved } 位迁移到其他细分，{ $new } 位是此后新增的客户。
migration-not-a-date = “{ $text }”不是日期，请按 YYYY-MM-DD 格式填写。
migration-compare-label = 与此日期的细分对比：
migration-compare = 对比
migration-chart-title = { $from }（行）与 { $to }（列）各细分的客户数
migration-caption = 较早日期（行）与参考日期（列）各细分的客户数
migration-corner = 从 \ 到
migration-new-row = （新客户）
rules-hint = 本规则表的评分范围为 1–{ $scale }（其他档数的评分会换算到此范围）。规则自上而下依次匹配：客户归入第一条 R、F、M 三个区间都包含其评分的规则，否则归入“其他”。
rules-caption = 细分规则（按优先级排列）
rules-col-r = R 从–到
rules-col-f = F 从–到
rules-col-m = M 从–到
rules-col-order = 顺序
rules-add = 添加规则
rules-apply = 应用这些规则
rules-reset = 恢复预设规则
rules-ok = 每条规则都能生效，每种评分组合都有对应的细分。
rules-note-unreachable = “{ $rule }”永远不会生效：它覆盖的每个评分组合都已被上方的 { $earlier } 占用（按第一条匹配的规则归类）。请将它上移，或缩小那些规则的范围。
rules-note-gap = { $combinations } 种评分组合中有 { $uncovered } 种不匹配任何规则（例如 { $examples }）；这些客户将归入“其他”。
rules-new-segment = 新细分 { $n }
rules-score-from = { $rule } 的 { $axis } 评分下限
rules-score-to = { $rule } 的 { $axis } 评分上限
rules-name-label = 第 { $n } 条规则的名称
rules-description-label = { $rule } 的客户特征
rules-action-label = { $rule } 的建议行动
rules-move-up = 上移 { $rule }
rules-move-down = 下移 { $rule }
rules-remove-label = 删除 { $rule }
rules-remove = 删除
clv-title = 客户生命周期价值
clv-axis = CLV
clv-histogram-title = 未来 { $months } 个月的客户生命周期价值（CLV）分布
clv-summary = 数据截至 { $date }：共 { $customers } 位客户，其中 { $repeat } 位有复购。预测未来 { $days } 天的购买次数；价值按每月 { $rate } 的折现率折算，共 { $months } 个月。
clv-unit-days = 天
clv-unit-weeks = 周
clv-unit-months = 月
clv-recency-note = 注意：此处的{ $recency }指客户首次购买到最近一次购买之间的时长，单位为{ $unit }（数值越大越好）。它不同于 RFM 中的最近购买，后者是距上次购买的天数。
clv-recency-word = “购买跨度”
clv-params-caption = 模型参数（最大似然估计）
clv-col-parameter = 参数
clv-col-value = 取值
clv-params-csv = 导出参数（CSV）
clv-top-caption = 生命周期价值最高的 { $n } 位客户
clv-col-customer = 客户
clv-col-repeat = 复购次数
clv-col-recency = 购买跨度（{ $unit }，首次 → 最近）
clv-col-p-alive = 活跃概率 P(alive)
clv-col-expected = 预期购买次数
clv-col-mean-value = 平均复购金额
clv-col-clv = CLV
clv-csv = 导出全部客户的生命周期价值（CSV）
clv-hist-from = CLV 从
clv-hist-to = 到
clv-and-above = 及以上
clv-palive-title = 活跃概率 P(alive) 与未来 { $days } 天的预期购买次数
clv-palive-caption = 各活跃概率区间的客户数（全部客户见 CSV）
clv-col-mean-expected = 平均预期购买次数
propensity-title = 他们近期会再次购买吗？
propensity-unavailable = 此文件无法计算购买倾向：{ $why }
propensity-summary = 基于最近购买、购买频次、消费金额和客户时长的逻辑回归模型，预测谁会在 { $days } 天内购买。以 { $trained } 时的客户数据训练，并以 { $tested } 时的 { $customers } 位客户检验（其中 { $buyers } 位在 { $until } 前有购买）。AUC 为 { $auc }：随机取一位购买者和一位未购买者，购买者排名更靠前的概率为 { $percent }（50% 相当于随机猜测）——{ $quality }。
propensity-good = 能很好地区分购买者与未购买者
propensity-fair = 区分购买者与未购买者的能力尚可
propensity-weak = 区分购买者与未购买者的能力较弱
propensity-chance = 仅略好于随机猜测
propensity-chart-title = { $days } 天内购买的预测值与实际值（按客户分组）
propensity-caption = 按预测概率分组的客户（留出检验集）
propensity-col-from = 预测概率从
propensity-col-to = 到
propensity-col-mean = 平均预测概率
propensity-col-bought = 实际购买比例
cohorts-title = 同期群留存
cohorts-summary = 共 { $customers } 位客户，分为 { $n ->
    [one] { $n } 个月度同期群
   *[other] { $n } 个月度同期群
}，数据截至 { $end }。每个单元格表示该同期群在首次购买后第若干个月再次购买的客户比例；标有 * 的单元格所在月份尚未完整观察，请勿与其他单元格比较。
cohorts-chart-title = 按首次购买月份的留存率
cohorts-col-cohort = 同期群
cohorts-csv = 导出同期群（CSV）

# 预设客户细分（crates/core/src/rfm/segment.rs；crates/web/src/segments.rs）

segment-other-name = 其他
segment-other-description = 不符合以上任何规则。
segment-other-action = 检查细分规则。
segment-grid-about-to-sleep-name = 即将沉睡客户
segment-champions-name = 冠军客户
segment-rfm10-champions-description = 最近有购买，购买频繁，消费最高。
segment-rfm10-champions-action = 给予奖励；邀请评价；新品抢先体验。
segment-potential-loyalist-name = 潜在忠诚客户
segment-rfm10-potential-loyalist-description = 近期客户，已多次购买，消费不错。
segment-rfm10-potential-loyalist-action = 推荐会员或积分计划；推荐相关商品。
segment-loyal-customers-name = 忠诚客户
segment-rfm10-loyal-customers-description = 定期购买，对促销活动有响应。
segment-rfm10-loyal-customers-action = 向上销售更高价值的商品；邀请推荐新客户。
segment-promising-name = 有潜力客户
segment-rfm10-promising-description = 最近有购买，频次还不高，但消费可观。
segment-rfm10-promising-action = 建立关系：新客引导、满额包邮。
segment-new-customers-name = 新客户
segment-rfm10-new-customers-description = 最近刚购买，次数很少。
segment-rfm10-new-customers-action = 发送欢迎系列；帮助他们用好首次购买的商品。
segment-cant-lose-them-name = 不能流失的客户
segment-rfm10-cant-lose-them-description = 过去购买频繁、消费很高，但已很久没有购买。
segment-rfm10-cant-lose-them-action = 通过一对一沟通和续订挽回；别让他们流向竞争对手。
segment-at-risk-name = 流失风险客户
segment-rfm10-at-risk-description = 曾经消费高、购买频繁，但已是很久以前。
segment-rfm10-at-risk-action = 发送个性化的唤醒邮件，附上实用内容和优惠。
segment-need-attention-name = 需要关注客户
segment-rfm10-need-attention-description = 购买频次和消费高于平均，但最近没有购买。
segment-rfm10-need-attention-action = 根据购买历史推送限时优惠。
segment-about-to-sleep-name = 即将沉睡客户
segment-rfm10-about-to-sleep-description = 最近购买和购买频次低于平均；若不唤醒将会流失。
segment-rfm10-about-to-sleep-action = 分享热销商品和折扣；重新建立联系。
segment-lost-name = 已流失客户
segment-rfm10-lost-description = 最近购买得分最低：最久没有购买。
segment-rfm10-lost-action = 用一次触达活动重新唤起兴趣；否则不再投入。
segment-grid-champions-description = 最近购买、购买最频繁。
segment-grid-champions-action = 给予奖励；他们可能成为新品尝鲜者和品牌推广者。
segment-grid-loyal-customers-description = 购买频繁，且最近有购买。
segment-grid-loyal-customers-action = 向上销售更高价值的商品；邀请评价。
segment-grid-potential-loyalist-description = 近期客户，购买频次一般。
segment-grid-potential-loyalist-action = 推荐会员或积分计划。
segment-grid-new-customers-description = 最近首次购买。
segment-grid-new-customers-action = 新客引导和欢迎系列。
segment-grid-promising-description = 近期有购买，但买得还不多。
segment-grid-promising-action = 提升品牌认知；提供免费试用。
segment-grid-need-attention-description = 最近购买和购买频次处于平均水平。
segment-grid-need-attention-action = 推送限时优惠；根据过往购买推荐商品。
segment-grid-about-to-sleep-description = 最近购买和购买频次低于平均。
segment-grid-about-to-sleep-action = 分享有价值的内容；推荐热销商品。
segment-cant-lose-name = 不能流失的客户
segment-grid-cant-lose-description = 购买非常频繁，但已是很久以前。
segment-grid-cant-lose-action = 用续订或新品挽回；主动与他们沟通。
segment-grid-at-risk-description = 购买频繁，但已是很久以前。
segment-grid-at-risk-action = 发送个性化邮件重新建立联系；提供续订优惠。
segment-hibernating-name = 休眠客户
segment-grid-hibernating-description = 上次购买很久以前，订单很少。
segment-grid-hibernating-action = 推荐其他相关商品并提供专属折扣。
segment-top-name = 顶级客户
segment-three-top-description = 最近购买、购买频繁、消费高：最好的客户。
segment-three-top-action = 奖励并留住他们；提供 VIP 待遇。
segment-loyal-name = 忠实客户
segment-three-loyal-description = 各项指标都不错。
segment-three-loyal-action = 向上销售与交叉销售；会员积分计划。
segment-newcomers-name = 新客
segment-three-newcomers-description = 最近首次购买。
segment-three-newcomers-action = 发送欢迎系列；鼓励第二次购买。
segment-three-at-risk-description = 曾多次购买，但最近没有购买。
segment-three-at-risk-action = 以个性化优惠开展唤醒活动。
segment-lapsed-name = 流失客户
segment-three-lapsed-description = 只购买过一次，且是很久以前。
segment-three-lapsed-action = 只做低成本的提醒。
segment-occasional-name = 偶购客户
segment-three-occasional-description = 偶尔购买。
segment-three-occasional-action = 商品推荐和季节性优惠。

## 概览（docs/definitions.md §4.11）

dash-title = 概览
dash-customers = 客户数
dash-orders = 订单数
dash-revenue = 销售额
dash-aov = 平均订单金额
dash-repeat = 复购客户占比
dash-at-risk = 流失风险客户的销售额
dash-change = 较上一周期 { $change }
dash-change-from-zero = 上一周期为零：无法计算变化
dash-no-change = 没有可比较的上一周期
dash-span = { $first } 至 { $last }
dash-compared = 变化：最近 { $days } 天（自 { $start } 起）与之前 { $days } 天（自 { $previous } 起）相比
dash-not-compared = 文件覆盖不足两个 30 天周期：不显示变化
dash-monthly-title = 每月销售额与活跃客户数
dash-active-customers = 活跃客户数
dash-month = 月份
dash-segment-mix = 客户分群构成
dash-segment = 分群
dash-revenue-share = 销售额占比
dash-top-products = 热销商品
dash-product = 商品
dash-check = 请注意
dash-rows-read = 读取行数
dash-rows-used = 使用行数

## 图表：标题、坐标轴、图例

chart-column-fill-title = 各列有值的行数
chart-column-fill-x = 有值的行数
chart-rf-title = 按最近购买（R）和购买频次（F）评分的客户分布
chart-rf-x = 购买频次评分（F）
chart-rf-y = 最近购买评分（R）
chart-segments-title = 各分群客户数
chart-customers = 客户数
chart-cohort-title = 各同期群在首购后每个月的复购比例
chart-cohort-x = 首购后的月数
chart-elbow-title = 选择分群数 k：惯性与轮廓系数
chart-elbow-x = k（分群数）
chart-elbow-inertia-axis = 惯性（越低越紧凑）
chart-elbow-silhouette-axis = 轮廓系数（越高越好）
chart-elbow-recommended = 推荐 k = { $k }
chart-elbow-inertia = 惯性
chart-elbow-silhouette = 轮廓系数
chart-migration-title = { $from } 的分群 → { $to } 的分群
chart-migration-x = 较晚日期的分群
chart-migration-y = 较早日期的分群
chart-palive-title = 活跃概率与预期购买次数
chart-monthly-title = 每月销售额与活跃客户数
chart-monthly-revenue = 销售额
chart-monthly-customers = 活跃客户
chart-palive-x = 客户仍然活跃的概率 P(alive)
chart-palive-y = 未来 { $days } 天预期购买次数
chart-calibration-title = { $days } 天内预测购买与实际购买对比（AUC { $auc }）
chart-calibration-x = 预测概率（组内平均）
chart-calibration-y = 实际购买的比例
chart-cluster-scatter-title = 各聚类的客户分布（PCA）
chart-cluster-scatter-sampled = 各聚类的客户分布（PCA）：均匀抽样显示 { $total } 位中的 { $shown } 位
chart-cluster = 第 { $c } 类
chart-rules-scatter-title = 关联规则的支持度与置信度（颜色表示提升度）
chart-rules-scatter-sampled = 关联规则的支持度与置信度（颜色表示提升度）：提升度最高的 { $shown } 条，共 { $total } 条
chart-rules-x = 支持度（占购物篮的比例）
chart-rules-y = 置信度
chart-metric-lift = 提升度
chart-metric-confidence = 置信度
chart-top-rules-title = 按{ $metric }排名的规则
chart-download-csv = 下载数据（CSV）
chart-download-png = 下载图片（PNG）
chart-download-svg = 下载矢量图（SVG）
chart-data = 查看图表数据
chart-export-svg-failed = SVG 导出失败
chart-export-png-failed = PNG 导出失败
column-fill-column = 列
column-fill-share = 有值比例（%）

## 核心返回的提示、问题、警告和错误（crates/web/src/words.rs）

role-customer_id = 客户 ID
role-order_id = 订单号
role-order_date = 下单日期
role-quantity = 数量
role-unit_price = 单价
role-amount = 金额
role-amount_refunded = 退款金额
role-product_id = 商品编码
role-product_name = 商品名称
role-status = 订单状态
role-email = 邮箱
role-country = 国家/地区
role-channel = 渠道
analysis-customer_analyses = 客户分析
analysis-rfm = RFM
analysis-clusters = 聚类
analysis-baskets = 购物篮分析
analysis-clv = 客户终身价值
analysis-cohorts = 同期群
analysis-customer_columns = 客户属性列
control-map = “各角色使用的列”表格
control-returns = “退货与取消”菜单
control-date-order = 日期顺序问题
control-bins = “每项指标的评分档数”菜单
control-segments = “客户分群”菜单或规则编辑器
control-migration-from = “对比该日期的分群”日期
control-k = k 值选择器
control-features = 客户属性列
control-min-support = “最小支持度”菜单
control-min-confidence = “最小置信度”菜单
control-max-len = “每条规则最多商品数”菜单
control-bought-together = “常一起购买”搜索
control-other = { $name } 设置
control-widget-preset = preset 属性
control-widget-file = 文件本身（可在 Segmint 应用中打开检查）
control-widget-attribute = { $name } 属性
hint-save-utf8 = 请把文件另存为“CSV UTF-8”格式（Excel：文件 → 另存为）后重新打开
hint-check-delimiter = 请把文件另存为逗号分隔的 CSV 后重新打开，或确认它是分隔符文本文件
hint-map-roles = 请在{ $control }中为{ $roles }选择一列，然后点“应用”
hint-map-roles-widget = 文件缺少{ $roles }列；请在 Segmint 应用中打开文件并指定各列的用途
hint-map-column = 如需使用，请在{ $control }中把“{ $column }”设为{ $role }，然后点“应用”
hint-check-column = 请检查{ $control }中为{ $role }选择的列
hint-name-id-column = 请在“客户编号列”菜单中选择客户编号列
hint-answer = 请回答{ $control }
hint-set = 请把{ $control }设为 { $value }
hint-change = 请在{ $control }中换一个值
hint-pick-sheet = 请打开另一个工作表：{ $sheets }
hint-raise-support = 请在{ $control }中调高支持度（例如 { $support }），或减少每条规则的商品数
question-date-order = “{ $column }”列中的日期两种读法都说得通（例如第 { $line } 行的“{ $example }”）。哪一个在前？
warning-basket-per-line = 每行一个购物篮：每行是一笔订单，各字段是其中的商品；文件中没有客户、日期或金额。
warning-ambiguous-decimal = “{ $column }”列中类似 1,234 的数值，小数点可能是逗号也可能是句点；目前按“.”作为小数点读取。如果实际是小数逗号，请把文件改为使用小数点后再保存。
warning-unsure-role = { $role }被识别为“{ $column }”列（把握 { $confidence }）：{ $hint }。
warning-suggested-role = { $role }可能是“{ $column }”列（把握 { $confidence }，未采用）：{ $hint }。
warning-missing-for-customers = 客户分析需要{ $roles }，但没有识别出对应的列：{ $hint }。
warning-missing-for-baskets = 购物篮分析需要订单号以及商品编码或名称，但没有识别出对应的列。
warning-other-sheets = 已读取工作表“{ $sheet }”；其他工作表也有数据（{ $others }）。
warning-title-rows = 工作表“{ $sheet }”：表格上方的第 { $rows } 行被视为标题，已跳过。
warning-formulas-without-value = 有 { $count } 个公式单元格没有保存计算结果（第一个：{ $first }），已按空值读取：请在 Excel 或 LibreOffice 中打开并保存该文件。
warning-outside-table = 有 { $count } 行在表格列 { $table } 之外还有值（第一个：{ $first }），已另行列出：请给该列加上表头，或把值移入表格。
error-at-line = 第 { $line } 行：{ $problem }
error-at-line-column = 第 { $line } 行第 { $column } 列：{ $problem }
error-with-hint = { $problem }；{ $hint }
error-in-file = { $file }：{ $message }
error-invalid-encoding = 文件内容不是有效的 { $encoding } 编码
error-field-too-long = 某个字段超过 { $limit } 字节；通常是引号没有闭合，或者这不是分隔符文本文件
error-record-too-long = 某一行超过 { $limit } 字节；通常是引号没有闭合，或者这不是分隔符文本文件
error-too-many-fields = 某一行超过 { $limit } 个字段
error-unterminated-quote = 这个带引号的字段没有闭合：从这里开始的引号一直到文件末尾都没有结束；请补上缺少的右引号
error-not-text = 这是{ $format }，不是分隔符文本文件；请另存为 CSV（Excel：文件 → 另存为 → CSV UTF-8）后重试
error-empty = 文件是空的；请重新导出，至少包含表头行
error-missing-roles = { $analysis }需要{ $roles }，但没有识别出对应的列
error-unknown-column = 无法把{ $role }对应到“{ $column }”：文件中没有这一列
error-no-id-column = 没有哪一列像客户 ID（现有的列：{ $columns }）
error-no-such-id-column = 没有名为“{ $column }”的列；现有的列：{ $columns }
error-unknown-transform = 未知的变换“{ $step }”；请使用 log1p、signed-log1p、zscore、minmax 或 none
error-log1p-domain = 客户“{ $customer }”的“{ $feature }”为 { $value }，而 log1p 在 −1 及以下没有定义（退款净额或负余额？）：请在变换中把“{ $feature }”的 log1p 改为 signed-log1p，或去掉 log1p
error-missing-feature-value = { $others ->
    [0] “{ $feature }”缺少客户“{ $customer }”的值
   *[other] “{ $feature }”缺少客户“{ $customer }”及另外 { $others } 位客户的值
  }；参与聚类的每位客户都需要有值：请检查所选的客户编号列，在客户文件中补上这些客户的行，或取消勾选该字段
error-encrypted-workbook = 此文件（{ $format }）设有打开密码：请在 Excel 或 LibreOffice 中打开，取消密码（Excel：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后保存，或将该工作表另存为 CSV UTF-8
error-damaged-workbook = 无法读取此文件（{ $format }）（{ $detail }）；文件可能已损坏或未下载完整：请在 Excel 或 LibreOffice 中打开后重新保存，或将该工作表另存为 CSV UTF-8
error-no-such-sheet = 没有名为“{ $sheet }”的工作表（现有工作表：{ $sheets }）
error-no-table-on-sheet = 工作表“{ $sheet }”中没有表格（它是{ $what }）
error-workbook-too-large = 此文件（{ $format }）的工作表内容达 { $megabytes } MB，超过该格式一次可读取的上限（{ $limit } MB）；请另存为 .xlsx（逐行读取）或 CSV UTF-8
error-sheet-of-text-file = 选择了工作表，但这是一个分隔符文本文件；工作表只适用于工作簿（.xlsx、.xlsm、.xlsb、.xls、.ods）
error-text-option-for-workbook = 分隔符和编码只适用于分隔符文本文件，不适用于工作簿
error-no-email-column = 没有列被指定为电子邮件，因此没有可导出的联系人
error-needs-answer = “{ $column }”列：每个日期都既可能是日/月，也可能是月/日（例如“{ $example }”）
error-invalid-option = { $analysis }：{ $setting } 的取值{ $value }无效：{ $allowed }
error-budget-exceeded = { $analysis }：已停止：{ $what }
error-no-customers = { $analysis }：没有任何一行带客户 ID，因此没有可分析的客户
error-cancelled = 已取消
error-analysis-failed = { $analysis }：{ $reason }

## 嵌入组件

widget-reading = 正在读取 { $file }…
widget-computing = 正在计算…
widget-title-rfm = RFM 评分与客户分群
widget-title-segments = 客户分群
widget-title-clusters = 客户聚类
widget-title-basket = 常一起购买
widget-title-clv = 客户终身价值
widget-title-profile = 客户画像
widget-title-recommend = 推荐商品
widget-private = 本机计算
widget-private-title = 在本浏览器中计算，数据不会离开本页面
widget-drop = 把订单 CSV 拖到这里，或点击选择文件
widget-clusters-summary = { $customers } 位客户分为 { $k } 个簇。{ $reason }
widget-rfm-summary = { $customers } 位客户，按 1–{ $bins } 分评分，参考日期 { $date }。
widget-rfm-segments-caption = 客户分群（选择一个以获取其客户）
widget-rfm-top-caption = 消费最高的前 { $n } 位客户
widget-col-segment = 分群
widget-col-customers = 客户数
widget-col-share = 占比
widget-col-revenue = 收入
widget-col-action = 建议行动
widget-col-customer = 客户
widget-col-recency = 距上次购买（天）
widget-col-orders = 订单数
widget-col-spend = 消费额
widget-col-rfm = R F M
widget-segments-chart = 各分群的客户数；下方按钮可选择分群
widget-segments-select = 选择分群
widget-basket-summary = { $baskets } 个购物篮，{ $itemsets } 个频繁项集（支持度 ≥ { $support }），{ $rules } 条规则。
widget-basket-together-caption = 与 { $item } 一起售出的商品（{ $baskets } 个购物篮）
widget-basket-rules-caption = 提升度最高的前 { $n } 条规则
widget-col-product = 商品
widget-col-baskets-together = 同篮次数
widget-col-share-of-baskets = 占其购物篮的比例
widget-col-lift = 提升度
widget-col-antecedent = 购物篮中有
widget-col-consequent = 也会有
widget-col-support = 支持度
widget-col-confidence = 置信度
widget-clv-summary = { $customers } 位客户，未来 { $months } 个月的预期价值共 { $value }（观察至 { $date }）。
widget-clv-caption = 生命周期价值最高的前 { $n } 位客户
widget-col-p-alive = 仍活跃的概率
widget-col-purchases = 未来 { $days } 天的预期购买次数
widget-col-clv = 生命周期价值
widget-clusters-caption = 各簇概况（中位数；选择一个簇以获取其客户）
widget-clusters-cluster = 簇
widget-clusters-customers = 客户数
widget-clusters-revenue-share = 收入占比
widget-clusters-recency = 最近购买间隔（天）
widget-clusters-orders = 订单数
widget-clusters-spend = 消费金额
widget-clusters-chart = 客户在前两个主成分上的分布，按簇着色

## 客户画像：“客户”标签页与 <segmint-profile> 共用

profile-customer = 客户
profile-orders = 订单数
profile-revenue = 销售额
profile-aov = 客单价
profile-between = 平均下单间隔（天）
profile-next-order = 预计下次下单
profile-overdue = { $date }（已逾期 { $days } 天）
profile-p-alive = 活跃概率
profile-churn = 流失风险
profile-clv = 预测终身价值
profile-segment = 分群
profile-cluster = 聚类
profile-next-best = 推荐商品
product-bestseller = 畅销品
tier-high = 高
tier-medium = 中
tier-low = 低
profile-no-id = 请把 customer-id 属性设为该联系人的客户编号。
profile-unknown = 数据中没有客户“{ $id }”。

## “客户”标签页

customers-title = 客户
# The table column is short so all twelve columns fit the first screen.
customers-clv = 终身价值
customers-computing = 正在计算客户画像…
customers-search = 按客户编号或分群搜索
customers-shown = 显示 { $shown } / { $matching } 位匹配客户（共 { $total } 位）
customers-no-match = 没有与“{ $query }”匹配的客户。
customers-bestseller-note = 标为“畅销品”的商品用于补足推荐：与该客户所购商品一同被购买的商品太少时，以畅销品补齐。
customers-more = 显示更多
customers-all-csv = 导出全部客户画像（CSV）

## 导出到邮件营销工具与 CRM

export-title = 将受众导出到邮件营销工具或 CRM
export-hint = 按该工具自身的导入格式生成文件，全程在您的浏览器中完成，不会上传任何数据。对照组是按随机种子从受众中抽出、不参与本次活动的一部分客户，会另存为第二个文件：请妥善保留，以便日后评估活动效果。
export-audience = 受众
export-format = 格式
export-control = 留出对照组
export-share = 比例（%）
export-seed = 随机种子
export-button = 导出
export-writing = 正在生成文件…
export-wrote = { $file }：{ $rows } 位联系人，用于 { $tool }（受众共 { $audience } 位客户）。
export-wrote-control = { $file }：对照组 { $rows } 位客户，不参与本次活动（随机种子 { $seed }）。
audience-segment = 分群：{ $name }
audience-cluster = 聚类 { $cluster }：{ $name }
audience-clv-tier = 终身价值等级：{ $tier }
audience-churn-tier = 流失风险：{ $tier }
audience-product = 最可能购买 { $product } 的客户

## “商品推荐”标签页

recommend-title = 商品推荐
recommend-computing = 正在计算推荐…
recommend-verdict = 个性化推荐命中了 { $model } 的回头客；畅销品推荐的命中率为 { $baseline }。
recommend-method = 以最近 { $days } 天做检验：只用 { $cutoff } 之前的购买记录生成推荐，再与 { $customers } 位回头客从那天起新买的商品比对。“命中”指客户的前 { $top } 个推荐中至少有一个被购买。精确率（{ $top } 个推荐中被购买的比例）：个性化推荐 { $precision }，畅销品 { $baselinePrecision }。
recommend-no-evaluation = 无法评估：{ $why }
recommend-no-training = 没有早于 { $cutoff } 的客户记录（最近 { $days } 天留作检验）；请缩短留作检验的时间（{ $control }），或使用更长的历史数据。
recommend-no-test = 在 { $cutoff } 及之后，没有一位此前购买过的客户买了新商品；请延长留作检验的时间（{ $control }），以便有数据可供检验。
recommend-holdout = 留作检验的天数
recommend-coverage = { $customers } 位客户获得推荐，来自 { $candidates } 个购买人数足够的商品；其中 { $bestsellers } 位只获得畅销品推荐。
recommend-product = 商品
recommend-product-hint = 编码或名称
recommend-ask = 查看潜在买家
recommend-sample = 前几位客户的推荐
audience-computing = 正在查找潜在买家…
audience-title = 最可能购买 { $product } 的客户
audience-none = 尚未购买该商品的客户中，没有人买过与它一同被购买的商品。
audience-summary = { $product } 已有 { $buyers } 位买家；下列 { $shown } 位客户是尚未购买者中最有潜力的。
audience-customer = 客户
audience-score = 得分
similar-computing = 正在查找相似商品…
similar-title = 与 { $product } 相似的商品
similar-by-copurchase = 被同一批客户购买（按买家的余弦相似度）。
similar-by-content = 买家太少，无法比较：按商品描述的相似度（商品文本的 TF-IDF）。
similar-product = 商品
similar-score = 相似度
similar-none = 没有相似商品。

## “活动效果评估”标签页

lift-title = 活动效果评估
lift-hint = 请选择活动发送名单文件、其对照组文件（带对照组的导出生成的第二个文件）以及活动之后的订单。文件在您的浏览器中读取，不会上传；上方已加载的文件保持不变。
lift-treatment-file = 活动名单文件
lift-control-file = 对照组文件
lift-orders-file = 活动之后的订单
lift-measure = 评估
lift-measuring = 正在读取订单…
lift-missing = 请先选好全部三个文件。
lift-unreadable = 无法读取 { $file }：{ $reason }
lift-group = 组别
lift-customers = 客户数
lift-converted = 已购买
lift-rate = 转化率
lift-revenue = 人均销售额
lift-with = 活动组
lift-without = 对照组
lift-difference = 差异（95% 置信区间）
lift-p-value = p 值
lift-summary-conversion = 收到活动的客户中有 { $treatment }% 下单（{ $treatmentCustomers } 位中的 { $treatmentBought } 位），对照组为 { $control }%（{ $controlCustomers } 位中的 { $controlBought } 位）：相差 { $difference } 个百分点（95% 置信区间 { $low } 至 { $high }）。
lift-summary-significant = 这一差异不太可能是偶然造成的（p = { $p }）。
lift-summary-not-significant = 这一差异很可能只是偶然（p = { $p }）；尚不能证明活动有效。
lift-summary-revenue = 人均销售额：活动组 { $treatment }，对照组 { $control }，相差 { $difference }（95% 置信区间 { $low } 至 { $high }）。

## 对已加载文件的请求

action-cancelled = 已取消。
action-no-file = 请先打开一个文件。

## 购物篮、聚类、字段映射与数据质量面板、文件摘要、隐私（crates/ui）

baskets-title = 购物篮分析
baskets-hint = 每个订单是一个由不同商品组成的购物篮。规则 A → C 的含义是：在含有 A 的购物篮中，有这一比例（置信度）也含有 C；提升度表示有 A 时出现 C 的可能性是总体的多少倍。退货和取消的订单不计入；没有客户编号的订单予以保留。
baskets-min-support = 最小支持度
baskets-support-share = 占购物篮的 { $share }
baskets-min-confidence = 最小置信度
baskets-max-len = 每条规则最多商品数
baskets-summary = 共 { $lines } 行，构成 { $baskets } 个购物篮（订单）；出现在至少 { $minCount } 个购物篮（占 { $share }）中的项集为频繁项集。共 { $itemsets } 个频繁项集，在考察的 { $considered } 条规则中保留 { $rules } 条。
baskets-metric-count = 购物篮数
baskets-metric-support = 支持度
baskets-metric-confidence = 置信度
baskets-metric-lift = 提升度
baskets-metric-leverage = 杠杆率
baskets-metric-conviction = 确信度
baskets-rules = 关联规则
baskets-filter-lift = 提升度至少
baskets-filter-confidence = 置信度至少
baskets-filter-text = 商品包含
baskets-filter-text-hint = 编码或名称
baskets-rules-match = { $total } 条规则中有 { $matching } 条符合
baskets-rules-match-listed = { $total } 条规则中有 { $matching } 条符合；下方列出前 { $shown } 条
baskets-rules-caption = 关联规则（点击列标题可排序）
baskets-if-has = 购物篮中有
baskets-also-has = 也会有
baskets-more = 再显示 { $n } 条
baskets-rules-csv = 导出规则 CSV（按当前筛选和排序）
baskets-scatter-caption = 提升度最高的 20 条规则（CSV 包含全部规则）
baskets-rule = 规则
baskets-rank-by = 热门规则排序依据
baskets-top-title = 按{ $metric }排名前 { $n } 的规则
baskets-together-title = 哪些商品一起卖…
baskets-together-input = 商品（编码或名称）
baskets-together-button = 显示同购商品
baskets-together-counting = 正在统计与 { $item } 一起售出的商品…
baskets-together-not-computed = 未能计算同购商品
baskets-together-in = 出现在 { $baskets } 个购物篮中（{ $share }）。
baskets-together-nothing = 没有其他商品与它一起购买。
baskets-together-most = 最常与它一起购买的商品：
baskets-together-caption = 与 { $item } 一起售出的商品
baskets-together-product = 商品
baskets-together-baskets = 共同出现的购物篮数
baskets-together-confidence = 置信度（占其购物篮的比例）
baskets-together-filter = 显示包含此商品的规则
baskets-together-matches = 有 { $n } 个频繁商品与“{ $query }”匹配；显示最常见的一个：{ $item }。
clusters-title = 客户聚类
clusters-hint = 基于每位客户的最近购买间隔、购买频次和消费金额（取对数并标准化）进行 k-means 聚类，k 取 2 到 10，每个 k 随机初始化 10 次；同一文件总是得到相同的聚类结果。
clusters-columns-title = 特征：变换与客户字段
clusters-columns-hint = 每位客户一行的文件（如 CRM 导出：客户年限、积分等），并含有客户编号列（按列名自动识别，或在下方选择）。其数值字段可与最近购买间隔、购买频次和消费金额一起参与聚类。文件在您的浏览器中读取。
clusters-columns-file = 客户文件
clusters-columns-in-use = 下方聚类还使用了：{ $columns }。
clusters-columns-reading = 正在读取客户文件…
clusters-columns-missing = 有 { $count } 位下过订单的客户在此文件中没有记录（第一位是“{ $first }”）：按其字段聚类需要每位客户都有值，请先补上这些客户的记录。
clusters-columns-summary = ：{ $count } 位客户，客户编号列“{ $id }”；订单中的客户有 { $matched } 位在此文件中有记录。
clusters-columns-legend = 用于聚类的字段
clusters-columns-not-numeric = — 非数值：{ $problem }
clusters-columns-apply = 按这些特征聚类
clusters-columns-remove = 移除客户字段
clusters-transforms-hint = 每个特征在聚类前都会按书写顺序逐步变换，步骤之间用逗号分隔：log1p（ln(1 + x)）、signed-log1p（同上，也适用于负值）、zscore（标准化）、minmax（缩放到 0–1）；none 表示保留原始值。保持 log1p,zscore 即为默认设置。
clusters-transforms-legend = 最近购买间隔、购买频次和消费金额的变换
clusters-transform-label = { $feature } 的变换
clusters-transform-error = { $feature }：{ $problem }
clusters-transforms-in-use = 变换：{ $transforms }。
clusters-columns-id = 客户编号列
clusters-columns-id-auto = 按列名自动识别
clusters-columns-transforms = 变换
clusters-fitting = 正在拟合 k = { $k }…
clusters-recommended = 推荐：
clusters-recommended-unit = 个簇。
cluster-reason-undefined = 无定义
cluster-reason-end = 。
cluster-reason-none-fitted = 没有拟合任何 k。
cluster-reason-asked-for = 指定了 k = { $k }。
cluster-reason-best-silhouette = k = { $k }：在最小簇至少占客户 { $share } 的 { $eligible } 个簇数（共拟合 { $fitted } 个）中，它的轮廓系数最高（{ $silhouette }）
cluster-reason-higher = ；k = { $k } 的轮廓系数更高（{ $silhouette }），但其最小簇只占客户的 { $share }
cluster-reason-none-large-enough = k = { $k }：轮廓系数最高（{ $silhouette }）；没有哪个 k 能让每个簇都至少占客户的 { $share }，因此会有一些很小的簇。
cluster-reason-log-likelihood = ，每位客户的平均对数似然为 { $ll }
cluster-reason-bic-asked-for = 指定了 k = { $k }（BIC { $bic }{ $ll }）。
cluster-reason-lowest-bic = k = { $k }：在 k = { $first }..={ $last } 中 BIC 最低（{ $bic }{ $ll }）。BIC 奖励混合模型对客户的解释程度，并对每个额外参数收取 ln(n) 的代价，因此更大的 k 必须以更好的拟合换取额外的分量
cluster-reason-runner-up = ；第二名 k = { $k } 的 BIC 高出 { $gap }
cluster-reason-range-end = ；最低的 BIC 位于范围末端，更宽的范围可能更低
cluster-reason-small-share = ；注意其最小簇只占客户的 { $share }
cluster-reason-dbscan = DBSCAN 自行确定簇的数量：在 eps = { $eps }、min_samples = { $min_samples } 下，找到 { $clusters } 个密集簇和 { $noise } 位噪声客户（{ $share }），噪声客户单独成组；不适用对 k 的扫描。质量指标只涵盖已聚类的客户。
clusters-k-label = 簇数
clusters-k-recommended = 推荐（k = { $k }）
clusters-elbow-title = 选择 k：不同簇数下的簇内平方和与轮廓系数
clusters-sweep-caption = 每个 k 的最佳拟合质量
clusters-inertia = 簇内平方和
clusters-silhouette = 轮廓系数（越高越好）
clusters-davies-bouldin = Davies–Bouldin 指数（越低越好）
clusters-calinski-harabasz = Calinski–Harabasz 指数（越高越好）
clusters-smallest = 最小簇占比
clusters-k-heading = { $k } 个簇
clusters-fit = 簇内平方和 { $inertia }，轮廓系数 { $silhouette }，参考日期 { $date }。簇按规模编号。
clusters-profiles-caption = 簇画像（原始单位的中位数）
clusters-cluster = 簇
clusters-name = 名称
clusters-customers = 客户数
clusters-share = 占比
clusters-revenue = 销售额
clusters-revenue-share = 销售额占比
clusters-median-recency = 最近购买间隔中位数（天）
clusters-median-orders = 订单数中位数
clusters-median-spend = 消费金额中位数
clusters-median-column = { $column } 中位数
clusters-members = 成员
clusters-members-csv = 下载簇 { $cluster }（{ $name }）的成员 CSV
clusters-profiles-csv = 导出簇画像 CSV
clusters-customers-csv = 导出全部客户及其所属簇 CSV
clusters-scatter-caption = 每个簇绘制的点数（{ $total } 位客户中的 { $drawn } 位；CSV 包含全部客户）
clusters-points-drawn = 绘制点数
clusters-rfm-pending = 这些文件所含的 RFM 评分仍在计算中，请稍后再试。
clusters-rfm-other-date = RFM 分析的参考日期为 { $rfm }，聚类的参考日期为 { $clusters }；成员文件需要同一个日期。
clusters-no-rfm-score = 客户 { $customer } 已聚类，但没有 RFM 评分
mapping-title = Segmint 识别到的内容
mapping-encoding = 编码
mapping-delimiter = 分隔符
mapping-tab = 制表符
mapping-header-row = 标题行
mapping-header-yes = 有
mapping-header-no = 无（列按序号编号）
mapping-preset = 导出格式
mapping-preset-none = 未识别（按内容推测各列）
mapping-date-order = 日期顺序
mapping-date-not-needed = 无需判断
mapping-date-ambiguous = 无法确定
mapping-date-detected-day-first = 已识别为日在前
mapping-date-detected-month-first = 已识别为月在前
mapping-date-chosen-day-first = 用户选择日在前
mapping-date-chosen-month-first = 用户选择月在前
mapping-roles-caption = 字段映射：各角色使用的列（可修改后应用）
mapping-role = 角色
mapping-column = 列
mapping-confidence = 置信度
mapping-from = 来源
mapping-none = 无
mapping-source-user = 用户指定
mapping-source-preset = 预设格式
mapping-source-auto = 自动识别
mapping-returns = 退货与取消
mapping-returns-exclude = 排除（并计数）
mapping-returns-net = 与销售相抵
mapping-apply = 应用：按这些列重新读取文件
mapping-not-found = 未找到：{ $roles }
mapping-list-separator = 、
mapping-quality = 数据质量
mapping-answer = 回答
mapping-answer-apply = 按此回答重新读取文件
mapping-day-first = 日在前（31/12/2024）
mapping-month-first = 月在前（12/31/2024）
mapping-preview = 前几行（按读取原样）
quality-read = 读取 { $rows } 行，使用 { $used } 行
quality-duplicates = 删除 { $count } 条完全重复的记录
quality-returns-excluded = 排除 { $count } 笔取消或退货
quality-returns-netted = { $count } 笔取消或退货与销售相抵
quality-adjustments = 排除 { $count } 行无售价的记录
quality-failed-payments = 排除 { $count } 笔支付失败
quality-not-won = 排除 { $count } 笔未成交或丢单的交易
quality-no-customer = { $count } 行没有客户编号，仅用于购物篮分析
quality-unreadable = 拒绝 { $count } 行无法读取的记录
quality-sentence = { $parts }。
quality-separator = ，
quality-rejected = 拒绝 { $count } 行：{ $reason }
quality-rejected-at = 拒绝 { $count } 行：{ $reason }（首次出现在第 { $lines } 行）
reject-wrong_field_count = 字段数不符
reject-missing_date = 缺少日期
reject-bad_date = 日期无效
reject-missing_number = 缺少数值
reject-bad_number = 数值无效
reject-empty_basket = 空购物篮
summary-label = 文件摘要
summary-rows = 行数
summary-columns = 列数

## 文件概要行：文件摘要、列的识别和数据质量折叠成一行，点击展开

fold-lines = { $count } 行
fold-span = { $first } – { $last }
fold-notices = { $count } 条提示
fold-questions = { $count } 个问题待回答
fold-no-analyses = 分析需要客户、日期和金额三列
fold-separator = { " · " }
privacy-label = 隐私
privacy-remember = 在此设备上记住我的设置
privacy-remember-note = （仅保存预设和分档数，存于此浏览器的本地存储；绝不保存您的数据）
privacy-forget = 清除全部
privacy-forgotten = 已清除：文件、其分析结果和所有设置都已从此页面、其后台线程以及此浏览器为 Segmint 保存的存储中删除。应用本身的离线副本（仅代码，不含数据）会保留，以便无网络时仍可打开；如需一并删除，请在浏览器设置中清除此网站的数据。
worker-unexpected = 后台线程返回了意外的结果：{ $kind }

# 聚类名称：其中位数在全部客户中所处的三分位。
cluster-name = { $recency }、{ $frequency }、{ $spend }
cluster-name-empty = 空
cluster-name-ordinal = { $name }（{ $n }）
cluster-name-noise = 噪声（不属于任何密集组）：{ $name }
cluster-recency-recent = 近期活跃
cluster-recency-lapsing = 渐趋流失
cluster-recency-lapsed = 已流失
cluster-frequency-frequent = 高频
cluster-frequency-occasional = 偶尔购买
cluster-frequency-rare = 低频
cluster-frequency-one-time = 仅购买一次
cluster-spend-low = 低消费
cluster-spend-mid = 中等消费
cluster-spend-high = 高消费
