# Segmint's texts in English. Keys are named by meaning; every key here must also be in
# zh.ftl with the same variables (build.rs checks). `$n` is a number used only to choose a
# plural form; `$count` is the same number formatted for reading.

## Counts

count-customers = { $n ->
    [one] { $count } customer
   *[other] { $count } customers
}

## Dates (segmint_web::format::date): "1 Dec 2010"

date-long = { $day } { $month ->
    [1] Jan
    [2] Feb
    [3] Mar
    [4] Apr
    [5] May
    [6] Jun
    [7] Jul
    [8] Aug
    [9] Sep
    [10] Oct
    [11] Nov
   *[12] Dec
} { $year }

## The app's frame

app-tagline = Customer analytics that never leave your device.
app-open-file = Open a file
app-demo = Try demo data
app-empty = Drop an orders or transactions export (CSV, TSV or TXT, or the same gzipped as .csv.gz). It is read here, in your browser; nothing is uploaded.
app-reading = Reading { $file }
app-cancel = Cancel
app-analyses = Analyses
app-demo-failed = cannot load the demo data: { $reason }

## While an analysis runs, and after a cancel

overview-computing = Computing the key numbers…
rfm-computing = Computing RFM scores…
clusters-computing = Computing clusters (k = 2 to 10)…
baskets-computing = Finding frequent itemsets and rules…
clv-computing = Computing lifetime value…
cohorts-computing = Computing cohorts…
activity-reloading = Loading the file again for the analyses
activity-running-one = Running 1 analysis
activity-running-many = Running { $count } analyses
activity-cancelled = Analyses cancelled.
activity-rerun = Run them again

## The language switch

lang-label = Language
lang-remember = Remember my language on this device

## The analysis tabs

tab-overview = Overview
tab-rfm = RFM & segments
tab-clusters = Clusters
tab-baskets = Baskets
tab-clv = Lifetime value
tab-cohorts = Cohorts
tab-customers = Customers
tab-recommend = Recommendations
tab-lift = Measure a campaign

## The RFM & segments, Lifetime value and Cohorts tabs, the segment rules editor

col-customers = Customers
rfm-title = RFM & segments
rfm-preset-label = Segments
rfm-preset-rfm10 = 10 segments (R rfm package)
rfm-preset-rf-grid = Recency × frequency grid
rfm-preset-three-level = Three levels
rfm-bins-label = Scores per metric
rfm-edit-rules = Edit the segment rules
rfm-custom-rules-note = Segments below follow your own rules, not the preset's.
rfm-summary = Reference date { $date }, { $customers } customers scored 1–{ $bins } on recency, frequency and monetary value (higher is better).
rfm-segments-caption = Segments
rfm-col-segment = Segment
rfm-col-who = Who they are
rfm-col-action = What to do
rfm-col-share = Share
rfm-col-revenue = Revenue
rfm-col-revenue-share = Revenue share
rfm-col-median-recency = Median recency (days)
rfm-col-members = Members
rfm-members-csv = CSV
rfm-members-csv-label = Download the members of { $segment } as CSV
rfm-segments-csv = Segments as CSV
rfm-customers-csv = All scored customers as CSV
rfm-heatmap-caption = Customers per recency score (rows) and frequency score (columns)
rfm-heatmap-corner = R \ F
rfm-thresholds-title = Score thresholds
rfm-thresholds-caption = The values behind each score
rfm-col-metric = Metric
rfm-col-score = Score
rfm-col-from = From
rfm-col-to = To
rfm-metric-recency = recency (days)
rfm-metric-frequency = frequency (orders)
rfm-metric-monetary = monetary
rfm-thresholds-csv = Thresholds as CSV
migration-title = How segments moved
migration-summary = Each customer's segment from the orders before { $from }, against their segment at { $to }: { $stayed } stayed in the same segment, { $moved } moved, { $new } are new since the earlier date.
migration-not-a-date = “{ $text }” is not a date; write it as YYYY-MM-DD.
migration-compare-label = Compare with the segments on
migration-compare = Compare
migration-chart-title = Customers by segment on { $from } (rows) and { $to } (columns)
migration-caption = Customers per segment at the earlier date (rows) and at the reference date (columns)
migration-corner = From \ to
migration-new-row = (new)
rules-hint = Scores run 1–{ $scale } on this table (scores from another number of bins are mapped onto it). Rules are tried from the top: a customer gets the first rule whose three ranges all contain their scores, or “Other”.
rules-caption = Segment rules, in priority order
rules-col-r = R from–to
rules-col-f = F from–to
rules-col-m = M from–to
rules-col-order = Order
rules-add = Add a rule
rules-apply = Apply these rules
rules-reset = Reset to the preset
rules-ok = Every rule can apply and every score combination has a segment.
rules-note-unreachable = “{ $rule }” never applies: every score it covers is already taken by { $earlier } above it (the first matching rule wins). Move it up or narrow those.
rules-note-gap = { $uncovered } of the { $combinations } score combinations match no rule (for example { $examples }); those customers are put in “Other”.
rules-new-segment = New segment { $n }
rules-score-from = { $rule } { $axis } score from
rules-score-to = { $rule } { $axis } score to
rules-name-label = Name of rule { $n }
rules-description-label = { $rule } description
rules-action-label = { $rule } action
rules-move-up = Move { $rule } up
rules-move-down = Move { $rule } down
rules-remove-label = Remove { $rule }
rules-remove = Remove
clv-title = Lifetime value
clv-axis = CLV
clv-histogram-title = Customer lifetime value over { $months } months
clv-summary = Observed up to { $date }: { $customers } customers, { $repeat } bought again. Expected purchases over the next { $days } days; value discounted at { $rate } a month over { $months } months.
clv-unit-days = days
clv-unit-weeks = weeks
clv-unit-months = months
clv-recency-note = Note: here { $recency } is the time from a customer's first to their last purchase, in { $unit } (a high value is good). It is not the RFM recency, which counts the days since the last purchase.
clv-recency-word = recency
clv-params-caption = Model parameters (maximum likelihood)
clv-col-parameter = Parameter
clv-col-value = Value
clv-params-csv = Parameters as CSV
clv-top-caption = Top { $n } customers by lifetime value
clv-col-customer = Customer
clv-col-repeat = Repeat purchases
clv-col-recency = Recency ({ $unit }, first → last)
clv-col-p-alive = P(alive)
clv-col-expected = Expected purchases
clv-col-mean-value = Mean repeat value
clv-col-clv = CLV
clv-csv = All customers' lifetime value as CSV
clv-hist-from = CLV from
clv-hist-to = to
clv-and-above = and above
clv-palive-title = P(alive) and expected purchases over the next { $days } days
clv-palive-caption = Customers per P(alive) band (every customer is in the CSV)
clv-col-mean-expected = Mean expected purchases
propensity-title = Will they buy again soon?
propensity-unavailable = Purchase propensity is not available for this file: { $why }
propensity-summary = A logistic regression on recency, frequency, spend and tenure predicts who buys within { $days } days. Trained on the customers as of { $trained } and tested on { $customers } customers as of { $tested } ({ $buyers } of them bought by { $until }). AUC { $auc }: a customer who bought was ranked above one who did not { $percent } of the time (50% is chance) — { $quality }.
propensity-good = good at telling buyers from non-buyers
propensity-fair = fair at telling buyers from non-buyers
propensity-weak = weak at telling buyers from non-buyers
propensity-chance = barely better than chance
propensity-chart-title = Predicted vs observed purchases within { $days } days, by group of customers
propensity-caption = Customers grouped by predicted probability (holdout)
propensity-col-from = Predicted from
propensity-col-to = to
propensity-col-mean = Mean predicted
propensity-col-bought = Share who bought
cohorts-title = Cohorts
cohorts-summary = { $customers } customers in { $n ->
    [one] { $n } monthly cohort
   *[other] { $n } monthly cohorts
}, observed up to { $end }. Each cell is the share of a cohort that bought again that many months after its first purchase; cells marked * cover a month not fully observed yet, so do not compare them with the others.
cohorts-chart-title = Retention by first-purchase month
cohorts-col-cohort = Cohort
cohorts-csv = Cohorts as CSV

# Preset segments (crates/core/src/rfm/segment.rs; crates/web/src/segments.rs): the English
# is the core's, word for word.

segment-other-name = Other
segment-other-description = Matches none of the rules above.
segment-other-action = Review the rules.
segment-grid-about-to-sleep-name = About to Sleep
segment-champions-name = Champions
segment-rfm10-champions-description = Bought recently, buy often and spend the most.
segment-rfm10-champions-action = Reward them; ask for reviews; early access to new products.
segment-potential-loyalist-name = Potential Loyalist
segment-rfm10-potential-loyalist-description = Recent customers who bought more than once and spend well.
segment-rfm10-potential-loyalist-action = Offer a membership or loyalty programme; recommend related products.
segment-loyal-customers-name = Loyal Customers
segment-rfm10-loyal-customers-description = Buy regularly and respond to promotions.
segment-rfm10-loyal-customers-action = Upsell higher-value products; ask for referrals.
segment-promising-name = Promising
segment-rfm10-promising-description = Fairly recent, not yet frequent, but spent a good amount.
segment-rfm10-promising-action = Build the relationship: onboarding, free shipping thresholds.
segment-new-customers-name = New Customers
segment-rfm10-new-customers-description = Bought very recently, only a few times.
segment-rfm10-new-customers-action = Welcome series; help them succeed with the first purchase.
segment-cant-lose-them-name = Can't Lose Them
segment-rfm10-cant-lose-them-description = Used to buy often and spend a lot, but not for a long time.
segment-rfm10-cant-lose-them-action = Win them back with personal outreach and renewals; don't lose them to a competitor.
segment-at-risk-name = At Risk
segment-rfm10-at-risk-description = Spent big and bought often, long ago.
segment-rfm10-at-risk-action = Personalised reactivation emails with helpful resources and offers.
segment-need-attention-name = Need Attention
segment-rfm10-need-attention-description = Above-average frequency and spend, but not recent.
segment-rfm10-need-attention-action = Limited-time offers based on their purchase history.
segment-about-to-sleep-name = About To Sleep
segment-rfm10-about-to-sleep-description = Below-average recency and frequency; will be lost if not reactivated.
segment-rfm10-about-to-sleep-action = Share popular products and discounts; reconnect.
segment-lost-name = Lost
segment-rfm10-lost-description = Lowest recency: have not bought for the longest time.
segment-rfm10-lost-action = Revive interest with an outreach campaign; otherwise ignore.
segment-grid-champions-description = Bought most recently and most often.
segment-grid-champions-action = Reward them; they can become early adopters and promoters.
segment-grid-loyal-customers-description = Buy often and fairly recently.
segment-grid-loyal-customers-action = Upsell higher-value products; ask for reviews.
segment-grid-potential-loyalist-description = Recent customers with average frequency.
segment-grid-potential-loyalist-action = Offer a membership or loyalty programme.
segment-grid-new-customers-description = Bought for the first time very recently.
segment-grid-new-customers-action = Onboarding and a welcome series.
segment-grid-promising-description = Recent shoppers who have not bought much yet.
segment-grid-promising-action = Create brand awareness; free trials.
segment-grid-need-attention-description = Average recency and frequency.
segment-grid-need-attention-action = Limited-time offers; recommend based on past purchases.
segment-grid-about-to-sleep-description = Below-average recency and frequency.
segment-grid-about-to-sleep-action = Share valuable resources; recommend popular products.
segment-cant-lose-name = Can't Lose
segment-grid-cant-lose-description = Bought very often, but long ago.
segment-grid-cant-lose-action = Win them back with renewals or new products; talk to them.
segment-grid-at-risk-description = Bought often, but long ago.
segment-grid-at-risk-action = Personalised emails to reconnect; offer renewals.
segment-hibernating-name = Hibernating
segment-grid-hibernating-description = Last purchase long ago, few orders.
segment-grid-hibernating-action = Offer other relevant products and special discounts.
segment-top-name = Top
segment-three-top-description = Recent, frequent and high-spending: the best customers.
segment-three-top-action = Reward and retain; VIP treatment.
segment-loyal-name = Loyal
segment-three-loyal-description = Good on every measure.
segment-three-loyal-action = Upsell and cross-sell; loyalty programme.
segment-newcomers-name = Newcomers
segment-three-newcomers-description = Bought recently for the first time.
segment-three-newcomers-action = Welcome series; encourage a second purchase.
segment-three-at-risk-description = Used to buy more than once, not recently.
segment-three-at-risk-action = Reactivation campaign with a personal offer.
segment-lapsed-name = Lapsed
segment-three-lapsed-description = One purchase, long ago.
segment-three-lapsed-action = Low-cost reminders only.
segment-occasional-name = Occasional
segment-three-occasional-description = Buy now and then.
segment-three-occasional-action = Recommendations and seasonal offers.

## The dashboard (docs/definitions.md §4.11)

dash-title = Overview
dash-customers = Customers
dash-orders = Orders
dash-revenue = Revenue
dash-aov = Average order value
dash-repeat = Repeat customers
dash-at-risk = Revenue from customers at risk
dash-change = { $change } against the previous period
dash-change-from-zero = none in the previous period: no change to show
dash-no-change = no earlier period to compare with
dash-span = { $first } to { $last }
dash-compared = changes: the last { $days } days (from { $start }) against the { $days } days before (from { $previous })
dash-not-compared = the file covers less than two periods of 30 days: no changes shown
dash-monthly-title = Revenue and active customers by month
dash-active-customers = Active customers
dash-month = Month
dash-segment-mix = Segment mix
dash-segment = Segment
dash-revenue-share = Share of revenue
dash-top-products = Top products
dash-product = Product
dash-check = Check
dash-rows-read = Rows read
dash-rows-used = Rows used

## Charts: titles, axes, legends

chart-column-fill-title = Filled values per column
chart-column-fill-x = rows with a value
chart-rf-title = Customers by recency and frequency score
chart-rf-x = frequency score (F)
chart-rf-y = recency score (R)
chart-segments-title = Customers per segment
chart-customers = customers
chart-cohort-title = Share of each cohort buying, by months since first purchase
chart-cohort-x = months since first purchase
chart-elbow-title = Choosing k: inertia and silhouette
chart-elbow-x = k (number of clusters)
chart-elbow-inertia-axis = inertia (lower is tighter)
chart-elbow-silhouette-axis = silhouette (higher is better)
chart-elbow-recommended = recommended k = { $k }
chart-elbow-inertia = inertia
chart-elbow-silhouette = silhouette
chart-migration-title = Segment on { $from } → segment on { $to }
chart-migration-x = segment at the later date
chart-migration-y = segment at the earlier date
chart-palive-title = P(alive) and expected purchases
chart-monthly-title = Revenue and active customers by month
chart-monthly-revenue = revenue
chart-monthly-customers = active customers
chart-palive-x = probability the customer is still active, P(alive)
chart-palive-y = expected purchases, next { $days } days
chart-calibration-title = Predicted vs observed purchases within { $days } days (AUC { $auc })
chart-calibration-x = predicted probability (mean of the group)
chart-calibration-y = share who bought
chart-cluster-scatter-title = Customers by cluster (PCA)
chart-cluster-scatter-sampled = Customers by cluster (PCA) — { $shown } of { $total } shown, evenly sampled
chart-cluster = cluster { $c }
chart-rules-scatter-title = Rules by support and confidence, colour = lift
chart-rules-scatter-sampled = Rules by support and confidence, colour = lift — the { $shown } of { $total } with the highest lift
chart-rules-x = support (share of baskets)
chart-rules-y = confidence
chart-metric-lift = lift
chart-metric-confidence = confidence
chart-top-rules-title = Top rules by { $metric }
chart-download-csv = Download data as CSV
chart-download-png = Download PNG
chart-download-svg = Download SVG
chart-data = Data behind the chart
chart-export-svg-failed = could not export the SVG
chart-export-png-failed = could not export the PNG
column-fill-column = Column
column-fill-share = % filled

## Typed messages from the core, in the browser's words (crates/web/src/words.rs)

role-customer_id = customer id
role-order_id = order id
role-order_date = order date
role-quantity = quantity
role-unit_price = unit price
role-amount = amount
role-amount_refunded = amount refunded
role-product_id = product id
role-product_name = product name
role-status = status
role-email = email
role-country = country
role-channel = channel
analysis-customer_analyses = Customer analyses
analysis-rfm = RFM
analysis-clusters = Clusters
analysis-baskets = Market baskets
analysis-clv = Lifetime value
analysis-cohorts = Cohorts
analysis-customer_columns = Customer columns
control-map = the “Columns used for each role” table
control-returns = the “Returns and cancellations” menu
control-date-order = the date-order question
control-bins = the “Scores per metric” menu
control-segments = the “Segments” menu or the rules editor
control-migration-from = the “Compare with the segments on” date
control-k = the k picker
control-features = the customer columns
control-min-support = the “Minimum support” menu
control-min-confidence = the “Minimum confidence” menu
control-max-len = the “Items per rule at most” menu
control-bought-together = the “what sells with” search
control-other = the { $name } setting
control-widget-preset = the preset attribute
control-widget-file = the file (open it in the Segmint app to check it)
control-widget-attribute = the { $name } attribute
hint-save-utf8 = save the file as “CSV UTF-8” (in Excel: File, Save As) and open it again
hint-check-delimiter = save the file as a comma-separated CSV and open it again, or check that it is a delimited text file
hint-map-roles = choose a column for { $roles } in { $control }, then Apply
hint-map-roles-widget = the file needs a column for { $roles }; open it in the Segmint app to map its columns
hint-map-column = to use it, choose “{ $column }” for { $role } in { $control }, then Apply
hint-check-column = check the column chosen for { $role } in { $control }
hint-name-id-column = choose the customer-id column in the “Customer-id column” menu
hint-answer = answer { $control }
hint-set = set { $control } to { $value }
hint-change = choose another value in { $control }
hint-pick-sheet = open another sheet: { $sheets }
hint-raise-support = choose a higher support in { $control } (e.g. { $support }) or fewer items per rule
question-date-order = Every date in column “{ $column }” reads both ways (e.g. “{ $example }” on line { $line }). Which comes first?
warning-basket-per-line = One basket per line: each line is an order and its fields are the items; there are no customers, dates or amounts.
warning-ambiguous-decimal = Values in column “{ $column }” like 1,234 could use either decimal separator; they were read with “.” as the decimal point. If they are decimal commas, save the file with decimal points.
warning-unsure-role = { $role } was guessed as column “{ $column }” ({ $confidence } sure): { $hint }.
warning-suggested-role = { $role } might be column “{ $column }” ({ $confidence } sure, not applied): { $hint }.
warning-missing-for-customers = Customer analyses need { $roles }, which no column was recognised as: { $hint }.
warning-missing-for-baskets = Market baskets need an order id and a product id or name, which no column was recognised as.
warning-other-sheets = Read sheet “{ $sheet }”; other sheets have data too ({ $others }).
warning-title-rows = Sheet “{ $sheet }”: rows { $rows } above the table were read as titles and skipped.
warning-formulas-without-value = { $count } formula cell(s) have no saved result (first: { $first }) and were read as empty: open and save the file in Excel or LibreOffice.
warning-outside-table = { $count } row(s) have a value outside the table's columns { $table } (first: { $first }) and were set aside: give the column a header or move the value.
error-at-line = line { $line }: { $problem }
error-at-line-column = line { $line }, column { $column }: { $problem }
error-with-hint = { $problem }; { $hint }
error-in-file = { $file }: { $message }
error-invalid-encoding = the bytes are not valid { $encoding }
error-field-too-long = a field is longer than { $limit } bytes; this is usually a quote that is never closed, or not a delimited text file
error-record-too-long = a row is longer than { $limit } bytes; this is usually a quote that is never closed, or not a delimited text file
error-too-many-fields = a row has more than { $limit } fields
error-unterminated-quote = this quoted field is never closed: the quote opened here runs to the end of the file; add the missing closing quote
error-not-text = this is { $format }, not a delimited text file; save it as CSV (in Excel: File, Save As, CSV UTF-8) and try again
error-empty = the file is empty; export it again with at least a header row
error-missing-roles = { $analysis } need { $roles }, but no column was recognised for it
error-unknown-column = { $role } cannot be mapped to “{ $column }”: the file has no such column
error-no-id-column = no column looks like a customer id (the columns are: { $columns })
error-no-such-id-column = there is no column “{ $column }”; the columns are: { $columns }
error-unknown-transform = unknown transform “{ $step }”; use log1p, signed-log1p, zscore, minmax or none
error-log1p-domain = “{ $feature }” of customer “{ $customer }” is { $value }, and log1p is undefined at or below −1 (a net refund, a negative balance?): choose signed-log1p instead of log1p for “{ $feature }” in the transforms, or drop log1p
error-missing-feature-value = { $others ->
    [0] “{ $feature }” has no value for customer “{ $customer }”
   *[other] “{ $feature }” has no value for customer “{ $customer }” and { $others } more
  }; every clustered customer needs one: check the customer-id column chosen, add their rows to the customer file, or untick the column
error-encrypted-workbook = this { $format } is protected with a password; open it in Excel or LibreOffice, remove the password (Excel: File, Info, Protect Workbook, Encrypt with Password, clear it) and save it, or save the sheet as CSV UTF-8
error-damaged-workbook = this { $format } cannot be read ({ $detail }); it may be damaged or only partly downloaded: open it in Excel or LibreOffice and save it again, or save the sheet as CSV UTF-8
error-no-such-sheet = there is no sheet “{ $sheet }” (the sheets are: { $sheets })
error-no-table-on-sheet = sheet “{ $sheet }” has no table (it is { $what })
error-workbook-too-large = this { $format } holds { $megabytes } MB of sheet content, more than Segmint reads from this format at once ({ $limit } MB); save it as .xlsx (read row by row) or as CSV UTF-8
error-sheet-of-text-file = a sheet was chosen, but this is a delimited text file; sheets apply to workbooks (.xlsx, .xlsm, .xlsb, .xls, .ods)
error-text-option-for-workbook = the delimiter and encoding apply to delimited text files, not to workbooks
error-no-email-column = no column is mapped to email, so there are no contacts to export
error-needs-answer = column “{ $column }”: every date could be day/month or month/day (e.g. “{ $example }”)
error-invalid-option = { $analysis }: invalid { $setting }{ $value }: { $allowed }
error-budget-exceeded = { $analysis }: stopped: { $what }
error-no-customers = { $analysis }: no line has a customer id, so there are no customers
error-cancelled = cancelled
error-analysis-failed = { $analysis }: { $reason }

## Widgets

widget-reading = Reading { $file }…
widget-computing = Computing…
widget-title-rfm = RFM scores and segments
widget-title-segments = Customer segments
widget-title-clusters = Customer clusters
widget-title-basket = Bought together
widget-title-clv = Customer lifetime value
widget-title-profile = Customer profile
widget-title-recommend = Next best products
widget-private = on this device
widget-private-title = Computed in this browser; no data leaves the page
widget-drop = Drop an orders CSV here, or choose one
widget-clusters-summary = { $k } clusters of { $customers } { $n ->
    [one] customer
   *[other] customers
  }. { $reason }
widget-rfm-summary = { $customers } customers, scored 1–{ $bins } against { $date }.
widget-rfm-segments-caption = Segments (select one to get its customers)
widget-rfm-top-caption = Top { $n } customers by spend
widget-col-segment = Segment
widget-col-customers = Customers
widget-col-share = Share
widget-col-revenue = Revenue
widget-col-action = What to do
widget-col-customer = Customer
widget-col-recency = Recency (days)
widget-col-orders = Orders
widget-col-spend = Spend
widget-col-rfm = R F M
widget-segments-chart = Customers per segment; the buttons below select a segment
widget-segments-select = Select a segment
widget-basket-summary = { $baskets } baskets, { $itemsets } frequent item sets (support ≥ { $support }), { $rules } rules.
widget-basket-together-caption = What sells with { $item } ({ $baskets } baskets)
widget-basket-rules-caption = Top { $n } rules by lift
widget-col-product = Product
widget-col-baskets-together = Baskets together
widget-col-share-of-baskets = Share of its baskets
widget-col-lift = Lift
widget-col-antecedent = If a basket has
widget-col-consequent = it also has
widget-col-support = Support
widget-col-confidence = Confidence
widget-clv-summary = { $customers } customers, { $value } of expected value over { $months } months (observed to { $date }).
widget-clv-caption = Top { $n } customers by lifetime value
widget-col-p-alive = P(alive)
widget-col-purchases = Purchases, next { $days } days
widget-col-clv = Lifetime value
widget-clusters-caption = Cluster profiles (medians; select one to get its customers)
widget-clusters-cluster = Cluster
widget-clusters-customers = Customers
widget-clusters-revenue-share = Revenue share
widget-clusters-recency = Recency (days)
widget-clusters-orders = Orders
widget-clusters-spend = Spend
widget-clusters-chart = Customers on the first two principal components, coloured by cluster

## Customer profiles, shared by the Customers tab and <segmint-profile> (DESIGN §4)

profile-customer = Customer
profile-orders = Orders
profile-revenue = Revenue
profile-aov = Average order
profile-between = Days between orders
profile-next-order = Expected next order
profile-overdue = { $date } (overdue by { $days } days)
profile-p-alive = P(alive)
profile-churn = Churn risk
profile-clv = Predicted CLV
profile-segment = Segment
profile-cluster = Cluster
profile-next-best = Next best products
product-bestseller = bestseller
tier-high = high
tier-medium = medium
tier-low = low
profile-no-id = Set the customer-id attribute to the contact's customer id.
profile-unknown = No customer “{ $id }” in this data.

## The Customers tab

customers-title = Customers
# The table column is short so all twelve columns fit the first screen.
customers-clv = CLV
customers-computing = Computing customer profiles…
customers-search = Search by customer id or segment
customers-shown = { $shown } of { $matching } matching customers ({ $total } in all)
customers-no-match = No customer matches “{ $query }”.
customers-bestseller-note = Products marked “bestseller” fill a list where too few products were bought together with this customer's.
customers-more = Show more
customers-all-csv = All profiles as CSV

## Exports to email tools and CRMs

export-title = Export an audience to your email tool or CRM
export-hint = One file in the tool's own import format, written here in your browser; nothing is uploaded. A control group is a seeded random share of the audience left out of the campaign and written as a second file: keep it to measure the campaign later.
export-audience = Audience
export-format = Format
export-control = Hold out a control group
export-share = Share (%)
export-seed = Seed
export-button = Export
export-writing = Writing the file…
export-wrote = { $file }: { $rows } contacts for { $tool } (audience of { $audience } customers).
export-wrote-control = { $file }: control group of { $rows } customers, held out of the campaign (seed { $seed }).
audience-segment = Segment: { $name }
audience-cluster = Cluster { $cluster }: { $name }
audience-clv-tier = CLV tier: { $tier }
audience-churn-tier = Churn risk: { $tier }
audience-product = Most likely to buy { $product }

## The Recommendations tab (DESIGN §4 "Recommendations")

recommend-title = Recommendations
recommend-computing = Computing recommendations…
recommend-verdict = Suggestions were right for { $model } of returning customers; bestsellers for { $baseline }.
recommend-method = Tested on the last { $days } days: the suggestions were made from the purchases before { $cutoff } only, then compared with what { $customers } returning customers bought new from that day on. “Right” means at least one of a customer's top { $top } was among those purchases. Precision (share of the { $top } suggestions that were bought): { $precision } for the suggestions, { $baselinePrecision } for the bestsellers.
recommend-no-evaluation = No evaluation: { $why }
recommend-no-training = No customer line is older than { $cutoff } (the last { $days } days are held out); shorten the holdout ({ $control }) or use a longer history.
recommend-no-test = No customer with an earlier purchase bought a new product on or after { $cutoff }; lengthen the holdout ({ $control }) to have something to test on.
recommend-holdout = Days held out for the test
recommend-coverage = { $customers } customers get suggestions from { $candidates } products with enough buyers; { $bestsellers } of them get bestsellers only.
recommend-product = Product
recommend-product-hint = code or name
recommend-ask = Show its audience
recommend-sample = Suggestions for the first customers
audience-computing = Finding the audience…
audience-title = Customers most likely to buy { $product }
audience-none = No customer who has not bought it yet bought anything bought together with it.
audience-summary = { $product } has { $buyers } buyers; the { $shown } customers below are the best prospects among those who have not bought it.
audience-customer = Customer
audience-score = Score
similar-computing = Finding similar products…
similar-title = Products similar to { $product }
similar-by-copurchase = Bought by the same customers (cosine of their buyers).
similar-by-content = Too few buyers to compare: similar descriptions (TF-IDF of the product text).
similar-product = Product
similar-score = Similarity
similar-none = No similar product.

## The Measure-a-campaign tab (DESIGN §4 "Campaign lift")

lift-title = Measure a campaign
lift-hint = Pick the file the campaign went to, its control group (the second file an export with a control group writes) and the orders since the campaign. They are read here, in your browser; nothing is uploaded, and the file loaded above stays.
lift-treatment-file = Campaign file
lift-control-file = Control group file
lift-orders-file = Orders since the campaign
lift-measure = Measure
lift-measuring = Reading the orders…
lift-missing = Pick all three files first.
lift-unreadable = { $file } cannot be read: { $reason }
lift-group = Group
lift-customers = Customers
lift-converted = Bought
lift-rate = Conversion
lift-revenue = Revenue per customer
lift-with = Got the campaign
lift-without = Control group
lift-difference = Difference (95% interval)
lift-p-value = p-value
lift-summary-conversion = { $treatment }% of the customers who got the campaign bought ({ $treatmentBought } of { $treatmentCustomers }), against { $control }% of the control group ({ $controlBought } of { $controlCustomers }): a difference of { $difference } points (95% interval { $low } to { $high }).
lift-summary-significant = That difference is unlikely to be chance (p = { $p }).
lift-summary-not-significant = That difference could well be chance (p = { $p }); the campaign's effect is not shown.
lift-summary-revenue = Revenue per customer: { $treatment } with the campaign, { $control } without, a difference of { $difference } (95% interval { $low } to { $high }).

## Requests on the loaded file

action-cancelled = Cancelled.
action-no-file = Open a file first.

## Baskets, clusters, the mapping and quality panel, the file summary, privacy (crates/ui)

baskets-title = Market baskets
baskets-hint = Each order is a basket of distinct products. A rule A → C says: of the baskets with A, this share (confidence) also hold C; lift is how many times likelier C is with A than overall. Returns and cancellations are left out; orders without a customer id are kept.
baskets-min-support = Minimum support
baskets-support-share = { $share } of baskets
baskets-min-confidence = Minimum confidence
baskets-max-len = Items per rule at most
baskets-summary = { $baskets } baskets (orders) from { $lines } lines; an itemset is frequent in { $minCount } or more baskets ({ $share } of them). { $itemsets } frequent itemsets, { $rules } rules kept of { $considered } considered.
baskets-metric-count = Baskets
baskets-metric-support = Support
baskets-metric-confidence = Confidence
baskets-metric-lift = Lift
baskets-metric-leverage = Leverage
baskets-metric-conviction = Conviction
baskets-rules = Rules
baskets-filter-lift = Lift at least
baskets-filter-confidence = Confidence at least
baskets-filter-text = Products contain
baskets-filter-text-hint = code or name
baskets-rules-match = { $matching } of { $total } rules match
baskets-rules-match-listed = { $matching } of { $total } rules match; the first { $shown } are listed
baskets-rules-caption = Association rules (click a column header to sort)
baskets-if-has = If a basket has
baskets-also-has = it also has
baskets-more = Show { $n } more
baskets-rules-csv = Rules as CSV (as filtered and sorted)
baskets-scatter-caption = The 20 rules with the highest lift (the CSV has every rule)
baskets-rule = Rule
baskets-rank-by = Rank the top rules by
baskets-top-title = Top { $n } rules by { $metric }
baskets-together-title = What sells with…
baskets-together-input = Product (code or name)
baskets-together-button = Show companions
baskets-together-counting = Counting what sells with { $item }…
baskets-together-not-computed = no companions were computed
baskets-together-in = is in { $baskets } baskets ({ $share }).
baskets-together-nothing = Nothing else was bought with it.
baskets-together-most = Bought with it most often:
baskets-together-caption = What sells with { $item }
baskets-together-product = Product
baskets-together-baskets = Baskets together
baskets-together-confidence = Confidence (share of its baskets)
baskets-together-filter = Show the rules with this product
baskets-together-matches = { $n } frequent products match “{ $query }”; showing the most frequent, { $item }.
clusters-title = Clusters
clusters-hint = k-means on each customer's recency, frequency and monetary value (log-scaled, standardised), fitted for k = 2 to 10 with 10 starts each; the same file always gives the same clusters.
clusters-columns-title = Features: transforms and customer columns
clusters-columns-hint = A file with one row per customer (a CRM export: tenure, loyalty points, …) and a customer-id column (found by its name, or chosen below). Its numeric columns can join recency, frequency and monetary value. It is read here, in your browser.
clusters-columns-file = Customer file
clusters-columns-in-use = The clusters below also use: { $columns }.
clusters-columns-reading = Reading the customer file…
clusters-columns-missing = { $count } { $n ->
    [one] customer with orders has
   *[other] customers with orders have
  } no row in this file (the first is “{ $first }”): clustering on its columns needs a value for every customer, so add their rows first.
clusters-columns-summary = : { $count } { $n ->
    [one] customer
   *[other] customers
  }, id column “{ $id }”; { $matched } of the orders' customers { $matched ->
    [one] has
   *[other] have
  } a row.
clusters-columns-legend = Columns to cluster on
clusters-columns-not-numeric = — not numeric: { $problem }
clusters-columns-apply = Cluster with these features
clusters-columns-remove = Remove the customer columns
clusters-transforms-hint = Every feature is transformed before clustering, step by step in the order written, steps separated by commas: log1p (ln(1 + x)), signed-log1p (the same, also for negative values), zscore (standardise), minmax (scale to 0–1); none keeps the raw values. A feature left at log1p,zscore gets the default.
clusters-transforms-legend = Transforms of recency, frequency and monetary value
clusters-transform-label = Transforms of { $feature }
clusters-transform-error = { $feature }: { $problem }
clusters-transforms-in-use = Transforms: { $transforms }.
clusters-columns-id = Customer-id column
clusters-columns-id-auto = Found by its name
clusters-columns-transforms = Transforms
clusters-fitting = Fitting k = { $k }…
clusters-recommended = Recommended:
clusters-recommended-unit = clusters.
cluster-reason-undefined = undefined
cluster-reason-end = {"."}
cluster-reason-none-fitted = no k was fitted.
cluster-reason-asked-for = k = { $k } was asked for.
cluster-reason-best-silhouette = k = { $k }: the highest silhouette ({ $silhouette }) among the { $eligible } of { $fitted } cluster counts whose smallest cluster holds at least { $share } of the customers
cluster-reason-higher = ; k = { $k } scores higher ({ $silhouette }) but its smallest cluster holds only { $share }
cluster-reason-none-large-enough = k = { $k }: the highest silhouette ({ $silhouette }); no k gives every cluster at least { $share } of the customers, so expect some very small clusters.
cluster-reason-log-likelihood = , mean log-likelihood { $ll } per customer
cluster-reason-bic-asked-for = k = { $k } was asked for (BIC { $bic }{ $ll }).
cluster-reason-lowest-bic = k = { $k }: the lowest BIC ({ $bic }{ $ll }) of k = { $first }..={ $last }. BIC rewards how well the mixture explains the customers and charges ln(n) for every extra parameter, so a larger k must earn its extra components
cluster-reason-runner-up = ; the runner-up, k = { $k }, is { $gap } higher
cluster-reason-range-end = ; the lowest BIC is at the end of the range, so a wider range may go lower
cluster-reason-small-share = ; note that its smallest cluster holds only { $share } of the customers
cluster-reason-dbscan = DBSCAN finds the number of clusters itself: with eps = { $eps } and min_samples = { $min_samples } it found { $clusters } dense { $clusters ->
    [one] cluster
   *[other] clusters
  } and { $noise } noise { $noise ->
    [one] customer
   *[other] customers
  } ({ $share }), shown as their own group; no sweep over k applies. Quality scores cover the clustered customers only.
clusters-k-label = Number of clusters
clusters-k-recommended = recommended (k = { $k })
clusters-elbow-title = Choosing k: inertia and silhouette per number of clusters
clusters-sweep-caption = Quality of the best fit for each k
clusters-inertia = Inertia
clusters-silhouette = Silhouette (higher is better)
clusters-davies-bouldin = Davies–Bouldin (lower is better)
clusters-calinski-harabasz = Calinski–Harabasz (higher is better)
clusters-smallest = Smallest cluster
clusters-k-heading = { $k } clusters
clusters-fit = Inertia { $inertia }, silhouette { $silhouette }, reference date { $date }. Clusters are numbered by size.
clusters-profiles-caption = Cluster profiles (medians in original units)
clusters-cluster = Cluster
clusters-name = Name
clusters-customers = Customers
clusters-share = Share
clusters-revenue = Revenue
clusters-revenue-share = Revenue share
clusters-median-recency = Median recency (days)
clusters-median-orders = Median orders
clusters-median-spend = Median spend
clusters-median-column = Median { $column }
clusters-members = Members
clusters-members-csv = Download the members of cluster { $cluster } ({ $name }) as CSV
clusters-profiles-csv = Profiles as CSV
clusters-customers-csv = All customers with their cluster as CSV
clusters-scatter-caption = Points drawn per cluster ({ $drawn } of { $total } customers; the CSV has every customer)
clusters-points-drawn = Points drawn
clusters-rfm-pending = The RFM scores these files include are still being computed; try again in a moment.
clusters-rfm-other-date = The RFM analysis uses reference date { $rfm } and the clusters { $clusters }; the members file needs one date.
clusters-no-rfm-score = customer { $customer } is clustered but has no RFM score
mapping-title = What Segmint found
mapping-encoding = Encoding
mapping-delimiter = Delimiter
mapping-tab = tab
mapping-header-row = Header row
mapping-header-yes = yes
mapping-header-no = no (columns are numbered)
mapping-preset = Export format
mapping-preset-none = not recognised (columns guessed)
mapping-date-order = Date order
mapping-date-not-needed = not needed
mapping-date-ambiguous = ambiguous
mapping-date-detected-day-first = detected day first
mapping-date-detected-month-first = detected month first
mapping-date-chosen-day-first = user chosen day first
mapping-date-chosen-month-first = user chosen month first
mapping-roles-caption = Columns used for each role (change any, then apply)
mapping-role = Role
mapping-column = Column
mapping-confidence = Confidence
mapping-from = From
mapping-none = none
mapping-source-user = user
mapping-source-preset = preset
mapping-source-auto = auto
mapping-returns = Returns and cancellations
mapping-returns-exclude = excluded (counted)
mapping-returns-net = netted against sales
mapping-apply = Apply: read the file again with these columns
mapping-not-found = Not found: { $roles }
mapping-list-separator = { ", " }
mapping-quality = Quality
mapping-answer = Answer
mapping-answer-apply = Read the file again with this answer
mapping-day-first = Day first (31/12/2024)
mapping-month-first = Month first (12/31/2024)
mapping-preview = First rows, exactly as read
quality-read = { $rows } { $n ->
    [one] row
   *[other] rows
  } read, { $used } used
quality-duplicates = { $count } { $n ->
    [one] exact duplicate
   *[other] exact duplicates
  } removed
quality-returns-excluded = { $count } { $n ->
    [one] cancellation or return
   *[other] cancellations and returns
  } excluded
quality-returns-netted = { $count } { $n ->
    [one] cancellation or return
   *[other] cancellations and returns
  } netted against sales
quality-adjustments = { $count } { $n ->
    [one] line
   *[other] lines
  } without a sale price excluded
quality-failed-payments = { $count } { $n ->
    [one] failed payment
   *[other] failed payments
  } excluded
quality-not-won = { $count } { $n ->
    [one] open or lost deal
   *[other] open or lost deals
  } excluded
quality-no-customer = { $count } { $n ->
    [one] line
   *[other] lines
  } without a customer id kept for baskets only
quality-unreadable = { $count } { $n ->
    [one] unreadable row
   *[other] unreadable rows
  } rejected
quality-sentence = { $parts }.
quality-separator = { ", " }
quality-rejected = { $count } { $n ->
    [one] row
   *[other] rows
  } rejected: { $reason }
quality-rejected-at = { $count } { $n ->
    [one] row
   *[other] rows
  } rejected: { $reason } (first at lines { $lines })
reject-wrong_field_count = wrong field count
reject-missing_date = missing date
reject-bad_date = bad date
reject-missing_number = missing number
reject-bad_number = bad number
reject-empty_basket = empty basket
summary-label = File summary
summary-rows = Rows
summary-columns = Columns

## The file's line: its summary, mapping and quality folded into one line that opens on click

fold-lines = { $n ->
    [one] { $count } line
   *[other] { $count } lines
}
fold-span = { $first } – { $last }
fold-notices = { $n ->
    [one] { $count } notice
   *[other] { $count } notices
}
fold-questions = { $n ->
    [one] { $count } question to answer
   *[other] { $count } questions to answer
}
fold-no-analyses = the analyses need a customer, a date and an amount column
fold-separator = { " · " }
privacy-label = Privacy
privacy-remember = Remember my settings on this device
privacy-remember-note = (only the preset and bins, in this browser's local storage; never your data)
privacy-forget = Forget everything
privacy-forgotten = Forgotten: the file, its analyses and every setting are gone from this page, its worker and this browser's storage for Segmint. The offline copy of the app itself (its code, no data) stays so that it still opens without a network; to remove it as well, clear this site's data in your browser's settings.
worker-unexpected = unexpected answer from the worker: { $kind }

# A cluster's name: where its medians fall among all customers (thirds). English exactly as the CLI writes it.
cluster-name = { $recency }, { $frequency }, { $spend }
cluster-name-empty = empty
cluster-name-ordinal = { $name } ({ $n })
cluster-name-noise = noise (no dense group): { $name }
cluster-recency-recent = recent
cluster-recency-lapsing = lapsing
cluster-recency-lapsed = lapsed
cluster-frequency-frequent = frequent
cluster-frequency-occasional = occasional
cluster-frequency-rare = rare
cluster-frequency-one-time = one-time
cluster-spend-low = low spend
cluster-spend-mid = mid spend
cluster-spend-high = high spend
