//! Stage 3: which kind of records a file holds, and which column feeds which field.
//!
//! Headers are compared in a squashed form (lowercase letters and digits only, units in
//! parentheses dropped), so `Close Date`, `close_date` and `CloseDate` are one key. Pipedrive's
//! `Entity - Field` headers lose the entity when it is the file's own (`Deal - Title` → title
//! in a deals file) and keep it otherwise (`Organization - Name` → the deal's account).
//! Each synonym is strong (3) or weak (1); the kind whose fields the headers match best wins.

use super::value::squash;
use crate::model::Kind;

/// A field of one of the five record kinds, as a mapping target.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The record's own id (text).
    Id,
    /// The customer's id (orders, deals, tickets).
    CustomerId,
    /// The customer's e-mail, used as the customer reference when there is no id.
    CustomerEmail,
    /// The customer's or account's name, used as the reference when there is no id or e-mail.
    CustomerName,
    /// Full name (customers) or campaign name.
    Name,
    /// First name.
    FirstName,
    /// Last name.
    LastName,
    /// E-mail.
    Email,
    /// Phone.
    Phone,
    /// Gender.
    Gender,
    /// Birth date.
    BirthDate,
    /// Age in years.
    Age,
    /// Company / account.
    Company,
    /// City.
    City,
    /// Region / state / province.
    Region,
    /// Country.
    Country,
    /// Segment.
    Segment,
    /// Tags.
    Tags,
    /// Signup / created date (customers).
    Signup,
    /// Channel / source.
    Channel,
    /// Owner.
    Owner,
    /// Status.
    Status,
    /// Churned yes/no (customers): sets the status to `churned` or `active`.
    Churned,
    /// Whole months as a customer (a snapshot's `tenure`).
    Tenure,
    /// Days as a customer (read as whole months: days / 30.4375, rounded down).
    TenureDays,
    /// Recurring charge per month (MRR of the customer).
    MonthlyCharges,
    /// Everything charged over the customer's lifetime.
    TotalCharges,
    /// The day the customer left (cancelled, churned).
    ChurnDate,
    /// Order date.
    Date,
    /// Product.
    Product,
    /// Category.
    Category,
    /// Quantity.
    Quantity,
    /// Unit price.
    UnitPrice,
    /// Amount / total / value.
    Amount,
    /// Discount (money, or `%` of the line).
    Discount,
    /// Deal title.
    Title,
    /// Deal stage.
    Stage,
    /// Deal won yes/no.
    Won,
    /// Deal status (`open`/`won`/`lost`, Pipedrive): decides the outcome.
    DealStatus,
    /// Deal probability (%).
    Probability,
    /// Deal created date.
    Created,
    /// Expected close date.
    ExpectedClose,
    /// "Close date" as CRMs export it: the closed date of a won/lost deal, the expected
    /// close date of an open one.
    CloseDate,
    /// Actual close date.
    Closed,
    /// Lost reason.
    LostReason,
    /// Ticket opened at.
    Opened,
    /// First response at.
    FirstResponse,
    /// Resolved at.
    Resolved,
    /// Minutes from opening to first response (Zendesk).
    FirstResponseMinutes,
    /// Minutes from opening to resolution (Zendesk).
    ResolutionMinutes,
    /// Issue type.
    IssueType,
    /// Priority.
    Priority,
    /// CSAT 1–5.
    Csat,
    /// NPS 0–10.
    Nps,
    /// Campaign start.
    Start,
    /// Campaign end.
    End,
    /// Campaign cost.
    Cost,
    /// Impressions.
    Impressions,
    /// Clicks.
    Clicks,
    /// Leads.
    Leads,
    /// Conversions.
    Conversions,
    /// Attributed revenue.
    Revenue,
    /// Audience size.
    Audience,
    /// Holdout size.
    Holdout,
    /// Conversions in the holdout.
    HoldoutConversions,
    /// The campaign or test arm a contact belongs to (responses).
    Campaign,
    /// When the contact was made (responses).
    ContactDate,
    /// Responded, opened, clicked or visited yes/no (responses).
    Responded,
    /// Converted yes/no (responses; a `y` outcome).
    Converted,
}

/// How a field's cells are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ValueType {
    /// Kept as written (ids, phones and postcodes keep their leading zeros).
    Text,
    /// A date.
    Date,
    /// A date and time.
    DateTime,
    /// Exact money.
    Money,
    /// A decimal number (quantity, probability, minutes).
    Number,
    /// A whole number (counts, age, scores).
    Integer,
    /// Yes/no.
    Bool,
}

impl Field {
    /// The canonical column name (also the template header).
    pub fn name(self) -> &'static str {
        use Field::*;
        match self {
            Id => "id",
            CustomerId => "customer_id",
            CustomerEmail => "customer_email",
            CustomerName => "customer_name",
            Name => "name",
            FirstName => "first_name",
            LastName => "last_name",
            Email => "email",
            Phone => "phone",
            Gender => "gender",
            BirthDate => "birth_date",
            Age => "age",
            Company => "company",
            City => "city",
            Region => "region",
            Country => "country",
            Segment => "segment",
            Tags => "tags",
            Signup => "signup_date",
            Channel => "channel",
            Owner => "owner",
            Status => "status",
            Churned => "churned",
            Tenure => "tenure_months",
            TenureDays => "tenure_days",
            MonthlyCharges => "monthly_charges",
            TotalCharges => "total_charges",
            ChurnDate => "churn_date",
            Date => "order_date",
            Product => "product",
            Category => "category",
            Quantity => "quantity",
            UnitPrice => "unit_price",
            Amount => "amount",
            Discount => "discount",
            Title => "title",
            Stage => "stage",
            Won => "won",
            DealStatus => "deal_status",
            Probability => "probability",
            Created => "created_date",
            ExpectedClose => "expected_close_date",
            CloseDate => "close_date",
            Closed => "closed_date",
            LostReason => "lost_reason",
            Opened => "opened_at",
            FirstResponse => "first_response_at",
            Resolved => "resolved_at",
            FirstResponseMinutes => "first_response_minutes",
            ResolutionMinutes => "resolution_minutes",
            IssueType => "issue_type",
            Priority => "priority",
            Csat => "satisfaction",
            Nps => "nps",
            Start => "start_date",
            End => "end_date",
            Cost => "cost",
            Impressions => "impressions",
            Clicks => "clicks",
            Leads => "leads",
            Conversions => "conversions",
            Revenue => "revenue",
            Audience => "audience",
            Holdout => "holdout",
            HoldoutConversions => "holdout_conversions",
            Campaign => "campaign",
            ContactDate => "contact_date",
            Responded => "responded",
            Converted => "converted",
        }
    }

    /// How its cells are read.
    pub fn value_type(self) -> ValueType {
        use Field::*;
        match self {
            BirthDate | Signup | ChurnDate | ContactDate | Date | Created | ExpectedClose
            | CloseDate | Closed | Start | End => ValueType::Date,
            Opened | FirstResponse | Resolved => ValueType::DateTime,
            UnitPrice | Amount | Discount | Cost | Revenue | MonthlyCharges | TotalCharges => {
                ValueType::Money
            }
            Tenure | TenureDays | Quantity | Probability | FirstResponseMinutes
            | ResolutionMinutes => ValueType::Number,
            Age | Csat | Nps | Impressions | Clicks | Leads | Conversions | Audience | Holdout
            | HoldoutConversions => ValueType::Integer,
            Churned | Won | Responded | Converted => ValueType::Bool,
            _ => ValueType::Text,
        }
    }

    /// True for a text field read as the file writes it, edge spaces included: names, free
    /// text and categories, which a user reads and exports. Every other field is read
    /// without its edge spaces: typed values, the keys that join records (ids, e-mail
    /// addresses, a record's customer) and the words that are interpreted (statuses,
    /// stages).
    pub fn as_written(self) -> bool {
        use Field::*;
        let key = matches!(
            self,
            Id | CustomerId | CustomerEmail | CustomerName | Email | Status | Stage | DealStatus
        );
        self.value_type() == ValueType::Text && !key
    }

    /// The fields of a kind, in display order.
    pub fn of(kind: Kind) -> &'static [Field] {
        use Field::*;
        match kind {
            Kind::Customers => &[
                Id,
                Name,
                FirstName,
                LastName,
                Email,
                Phone,
                Gender,
                BirthDate,
                Age,
                Company,
                City,
                Region,
                Country,
                Segment,
                Tags,
                Signup,
                Channel,
                Owner,
                Status,
                Churned,
                Tenure,
                TenureDays,
                MonthlyCharges,
                TotalCharges,
                ChurnDate,
            ],
            Kind::Orders => &[
                Id,
                CustomerId,
                CustomerEmail,
                CustomerName,
                Date,
                Product,
                Category,
                Quantity,
                UnitPrice,
                Amount,
                Discount,
                Channel,
                Status,
            ],
            Kind::Deals => &[
                Id,
                CustomerId,
                CustomerEmail,
                CustomerName,
                Title,
                Owner,
                Stage,
                DealStatus,
                Won,
                Amount,
                Probability,
                Created,
                ExpectedClose,
                CloseDate,
                Closed,
                LostReason,
            ],
            Kind::Tickets => &[
                Id,
                CustomerId,
                CustomerEmail,
                CustomerName,
                Opened,
                FirstResponse,
                Resolved,
                FirstResponseMinutes,
                ResolutionMinutes,
                Channel,
                IssueType,
                Priority,
                Status,
                Csat,
                Nps,
            ],
            Kind::Campaigns => &[
                Id,
                Name,
                Channel,
                Start,
                End,
                Cost,
                Impressions,
                Clicks,
                Leads,
                Conversions,
                Revenue,
                Audience,
                Holdout,
                HoldoutConversions,
            ],
            Kind::Responses => &[
                Id,
                CustomerId,
                CustomerEmail,
                CustomerName,
                Campaign,
                ContactDate,
                Channel,
                Responded,
                Converted,
                Revenue,
            ],
        }
    }

    /// The field of `kind` called `name` (see [`Field::name`]).
    pub fn from_name(kind: Kind, name: &str) -> Option<Field> {
        Field::of(kind).iter().copied().find(|f| f.name() == name)
    }

    /// How much a match on this field says about the kind (shared fields say little).
    fn weight(self) -> u32 {
        use Field::*;
        match self {
            Id | CustomerId | CustomerEmail | CustomerName | Name | Channel | Status | Owner
            | Amount | Title => 1,
            _ => 2,
        }
    }
}

/// One synonym row: a field, its strong keys (score 3) and weak keys (score 1).
type Synonyms = (Field, &'static [&'static str], &'static [&'static str]);

const CUSTOMERS: &[Synonyms] = {
    use Field::*;
    &[
        (
            Id,
            &[
                "id",
                "customerid",
                "recordid",
                "contactid",
                "clientid",
                "custid",
                "customerno",
                "customernumber",
                "customercode",
                "personid",
                "memberid",
                "userid",
                "客户id",
                "客户编号",
                "客户编码",
                "客户代码",
                "客户号",
                "会员id",
                "会员编号",
                "用户id",
                "编号",
            ],
            &["accountid", "leadid"],
        ),
        (
            Name,
            &[
                "name",
                "fullname",
                "customername",
                "contactname",
                "clientname",
                "personname",
                "displayname",
                "姓名",
                "客户名称",
                "客户姓名",
                "名称",
                "名字",
                "全名",
                "联系人",
            ],
            &["customer", "客户"],
        ),
        (
            FirstName,
            &["firstname", "givenname", "forename", "名"],
            &[],
        ),
        (LastName, &["lastname", "surname", "familyname", "姓"], &[]),
        (
            Email,
            &[
                "email",
                "emailaddress",
                "mail",
                "email1",
                "workemail",
                "primaryemail",
                "customeremail",
                "contactemail",
                "personemail",
                "邮箱",
                "电子邮件",
                "电子邮箱",
                "邮件",
                "邮箱地址",
            ],
            &[],
        ),
        (
            Phone,
            &[
                "phone",
                "phonenumber",
                "mobile",
                "mobilephone",
                "mobilephonenumber",
                "cell",
                "cellphone",
                "tel",
                "telephone",
                "contactnumber",
                "customerphone",
                "personphone",
                "手机",
                "手机号",
                "手机号码",
                "电话",
                "联系电话",
                "电话号码",
                "联系方式",
            ],
            &[],
        ),
        (Gender, &["gender", "sex", "customergender", "性别"], &[]),
        (
            BirthDate,
            &[
                "birthdate",
                "dateofbirth",
                "dob",
                "birthday",
                "生日",
                "出生日期",
            ],
            &[],
        ),
        (Age, &["age", "customerage", "年龄"], &[]),
        (
            Company,
            &[
                "company",
                "companyname",
                "organization",
                "organisation",
                "organizationname",
                "orgname",
                "account",
                "accountname",
                "employer",
                "associatedcompany",
                "公司",
                "公司名称",
                "单位",
                "企业",
                "企业名称",
            ],
            &[],
        ),
        (City, &["city", "town", "城市", "所在城市"], &[]),
        (
            Region,
            &[
                "region",
                "state",
                "province",
                "stateregion",
                "county",
                "省份",
                "省",
                "地区",
                "区域",
            ],
            &[],
        ),
        (
            Country,
            &["country", "countryregion", "nation", "国家", "国家地区"],
            &[],
        ),
        (
            Segment,
            &[
                "segment",
                "customersegment",
                "tier",
                "customertype",
                "customertier",
                "客户类型",
                "客户分层",
                "分层",
                "客户等级",
                "会员等级",
                "等级",
            ],
            &[],
        ),
        (Tags, &["tags", "tag", "labels", "label", "标签"], &[]),
        (
            Signup,
            &[
                "signupdate",
                "signup",
                "signedup",
                "signupat",
                "createdate",
                "createddate",
                "created",
                "createdat",
                "registrationdate",
                "registeredat",
                "registered",
                "joindate",
                "joined",
                "datejoined",
                "customersince",
                "firstseen",
                "注册日期",
                "注册时间",
                "创建时间",
                "创建日期",
                "加入日期",
                "开户日期",
            ],
            &[],
        ),
        (
            Channel,
            &[
                "channel",
                "acquisitionchannel",
                "source",
                "leadsource",
                "originalsource",
                "utmsource",
                "signupchannel",
                "渠道",
                "来源",
                "获客渠道",
            ],
            &[],
        ),
        (
            Owner,
            &[
                "owner",
                "contactowner",
                "accountowner",
                "salesrep",
                "accountmanager",
                "assignedto",
                "负责人",
                "销售",
                "归属人",
                "客户经理",
            ],
            &[],
        ),
        (
            Status,
            &[
                "status",
                "lifecyclestage",
                "leadstatus",
                "customerstatus",
                "状态",
                "客户状态",
            ],
            &[],
        ),
        (
            Churned,
            &["churn", "churned", "ischurned", "流失", "是否流失"],
            &[],
        ),
        (
            Tenure,
            &[
                "tenure",
                "tenuremonths",
                "tenureinmonths",
                "monthsascustomer",
                "customertenure",
                "monthsactive",
                "在网时长",
                "在网月数",
                "客户时长",
            ],
            &[],
        ),
        (
            TenureDays,
            &[
                "tenuredays",
                "tenureindays",
                "daysascustomer",
                "customerdays",
                "daysactive",
                "在网天数",
            ],
            &[],
        ),
        (
            MonthlyCharges,
            &[
                "monthlycharges",
                "monthlycharge",
                "mrr",
                "monthlyrevenue",
                "monthlyfee",
                "monthlyamount",
                "monthlyspend",
                "monthlybill",
                "subscriptionamount",
                "月费",
                "月消费",
                "每月费用",
                "月租",
            ],
            &[],
        ),
        (
            TotalCharges,
            &[
                "totalcharges",
                "totalcharged",
                "lifetimecharges",
                "lifetimerevenue",
                "lifetimespend",
                "totalspent",
                "totalspend",
                "totalbilled",
                "累计消费",
                "总消费",
                "总费用",
                "累计费用",
            ],
            &[],
        ),
        (
            ChurnDate,
            &[
                "churndate",
                "churnedat",
                "churnedon",
                "canceldate",
                "cancellationdate",
                "cancelledat",
                "canceledat",
                "cancelledon",
                "canceledon",
                "cancelleddate",
                "流失日期",
                "取消日期",
                "退订日期",
                "注销日期",
            ],
            &[],
        ),
    ]
};

const ORDERS: &[Synonyms] = {
    use Field::*;
    &[
        (
            Id,
            &[
                "orderid",
                "ordernumber",
                "orderno",
                "invoiceid",
                "invoiceno",
                "invoicenumber",
                "transactionid",
                "receiptid",
                "订单号",
                "订单id",
                "订单编号",
                "单号",
                "交易号",
            ],
            &["id", "recordid"],
        ),
        (
            CustomerId,
            &[
                "customerid",
                "custid",
                "clientid",
                "customernumber",
                "customercode",
                "customerno",
                "buyerid",
                "memberid",
                "userid",
                "客户id",
                "客户编号",
                "会员id",
                "用户id",
                "买家id",
            ],
            &["contactid", "accountid"],
        ),
        (
            CustomerEmail,
            &["customeremail", "buyeremail", "客户邮箱"],
            &["email", "邮箱"],
        ),
        (
            CustomerName,
            &[
                "customername",
                "customer",
                "buyer",
                "client",
                "客户名称",
                "客户",
                "客户姓名",
                "买家",
            ],
            &["name", "姓名"],
        ),
        (
            Date,
            &[
                "orderdate",
                "orderedat",
                "purchasedate",
                "dateofpurchase",
                "transactiondate",
                "invoicedate",
                "saledate",
                "orderdatetime",
                "orderedon",
                "purchasedat",
                "订单日期",
                "下单日期",
                "下单时间",
                "交易日期",
                "购买日期",
                "销售日期",
                "付款时间",
            ],
            &["date", "createdat", "createdate", "created", "日期"],
        ),
        (
            Product,
            &[
                "product",
                "productname",
                "item",
                "itemname",
                "productpurchased",
                "商品",
                "产品",
                "商品名称",
                "产品名称",
                "品名",
            ],
            &["sku"],
        ),
        (
            Category,
            &[
                "category",
                "productcategory",
                "productline",
                "department",
                "类别",
                "品类",
                "分类",
                "商品类别",
                "产品类别",
            ],
            &[],
        ),
        (
            Quantity,
            &[
                "quantity",
                "qty",
                "units",
                "quantityordered",
                "数量",
                "件数",
            ],
            &[],
        ),
        (
            UnitPrice,
            &[
                "unitprice",
                "price",
                "priceeach",
                "itemprice",
                "salesprice",
                "单价",
                "价格",
            ],
            &["listprice"],
        ),
        (
            Amount,
            &[
                "amount",
                "total",
                "totalprice",
                "totalamount",
                "sales",
                "ordertotal",
                "linetotal",
                "grandtotal",
                "金额",
                "销售额",
                "订单金额",
                "总金额",
                "实付金额",
                "总价",
                "销售金额",
                "实付款",
            ],
            &["revenue", "value", "subtotal", "收入"],
        ),
        (
            Discount,
            &["discount", "discountamount", "折扣", "优惠", "优惠金额"],
            &[],
        ),
        (
            Channel,
            &["channel", "saleschannel", "渠道", "销售渠道"],
            &["source", "来源"],
        ),
        (Status, &["status", "orderstatus", "状态", "订单状态"], &[]),
    ]
};

const DEALS: &[Synonyms] = {
    use Field::*;
    &[
        (
            Id,
            &["dealid", "opportunityid", "oppid", "商机id", "商机编号"],
            &["id", "recordid"],
        ),
        (
            CustomerId,
            &[
                "customerid",
                "accountid",
                "companyid",
                "clientid",
                "organizationid",
                "客户id",
                "客户编号",
            ],
            &["contactid", "personid"],
        ),
        (
            CustomerEmail,
            &["customeremail", "contactemail", "personemail"],
            &["email"],
        ),
        (
            CustomerName,
            &[
                "account",
                "accountname",
                "company",
                "companyname",
                "organization",
                "organizationname",
                "orgname",
                "customer",
                "customername",
                "client",
                "associatedcompany",
                "客户",
                "客户名称",
                "公司",
                "公司名称",
            ],
            &["personname", "contactname", "contact", "associatedcontact"],
        ),
        (
            Title,
            &[
                "title",
                "dealname",
                "opportunityname",
                "dealtitle",
                "opportunity",
                "商机名称",
                "商机",
                "标题",
                "项目名称",
            ],
            &["name", "subject"],
        ),
        (
            Owner,
            &[
                "owner",
                "dealowner",
                "opportunityowner",
                "salesagent",
                "salesrep",
                "assignedto",
                "负责人",
                "销售",
                "销售人员",
                "销售代表",
            ],
            &["user"],
        ),
        (
            Stage,
            &[
                "stage",
                "dealstage",
                "salesstage",
                "pipelinestage",
                "阶段",
                "销售阶段",
                "商机阶段",
            ],
            &[],
        ),
        (
            DealStatus,
            &[
                "status",
                "dealstatus",
                "opportunitystatus",
                "状态",
                "商机状态",
            ],
            &[],
        ),
        (Won, &["won", "iswon", "是否赢单"], &[]),
        (
            Amount,
            &[
                "amount",
                "value",
                "dealvalue",
                "dealamount",
                "closevalue",
                "金额",
                "商机金额",
                "预计金额",
                "成交金额",
            ],
            &["revenue", "expectedrevenue"],
        ),
        (
            Probability,
            &[
                "probability",
                "dealprobability",
                "winprobability",
                "赢率",
                "概率",
                "成交概率",
            ],
            &[],
        ),
        (
            Created,
            &[
                "createdate",
                "createddate",
                "created",
                "createdat",
                "engagedate",
                "opendate",
                "dealcreated",
                "dealcreatedate",
                "addtime",
                "创建日期",
                "创建时间",
            ],
            &[],
        ),
        (
            ExpectedClose,
            &[
                "expectedclosedate",
                "expectedclose",
                "expectedclosingdate",
                "targetclosedate",
                "预计成交日期",
                "预计成交时间",
            ],
            &[],
        ),
        (CloseDate, &["closedate", "closingdate"], &[]),
        (
            Closed,
            &[
                "closeddate",
                "closedat",
                "dateclosed",
                "closedtime",
                "wontime",
                "closedon",
                "actualclosedate",
                "成交日期",
                "关闭日期",
                "成交时间",
            ],
            &["losttime"],
        ),
        (
            LostReason,
            &[
                "lostreason",
                "closedlostreason",
                "lossreason",
                "reasonlost",
                "输单原因",
                "丢单原因",
            ],
            &[],
        ),
    ]
};

const TICKETS: &[Synonyms] = {
    use Field::*;
    &[
        (
            Id,
            &[
                "ticketid",
                "ticketnumber",
                "ticketno",
                "caseid",
                "casenumber",
                "工单号",
                "工单id",
                "工单编号",
            ],
            &["id", "recordid"],
        ),
        (
            CustomerId,
            &[
                "customerid",
                "requesterid",
                "clientid",
                "客户id",
                "客户编号",
            ],
            &["contactid", "userid", "accountid", "organizationid"],
        ),
        (
            CustomerEmail,
            &[
                "customeremail",
                "requesteremail",
                "contactemail",
                "客户邮箱",
            ],
            &["email"],
        ),
        (
            CustomerName,
            &[
                "customername",
                "requester",
                "requestername",
                "customer",
                "客户",
                "客户名称",
            ],
            &["contactname", "organization", "name"],
        ),
        (
            Opened,
            &[
                "openedat",
                "opened",
                "createdat",
                "created",
                "createdate",
                "createddate",
                "dateopened",
                "opendate",
                "submittedat",
                "创建时间",
                "提交时间",
                "开单时间",
            ],
            &[],
        ),
        (
            FirstResponse,
            &[
                "firstresponseat",
                "firstresponsetime",
                "firstrepliedat",
                "firstreplyat",
                "firstresponse",
                "firstresponsedate",
                "首次响应时间",
            ],
            &[],
        ),
        (
            Resolved,
            &[
                "resolvedat",
                "resolved",
                "solvedat",
                "closedat",
                "resolutiondate",
                "dateresolved",
                "closeddate",
                "resolvedate",
                "解决时间",
                "关闭时间",
            ],
            &["timetoresolution"],
        ),
        (
            FirstResponseMinutes,
            &[
                "firstreplytimeinminutes",
                "firstresponsetimeinminutes",
                "firstresponseminutes",
                "firstreplyminutes",
            ],
            &[],
        ),
        (
            ResolutionMinutes,
            &[
                "fullresolutiontimeinminutes",
                "resolutiontimeinminutes",
                "resolutionminutes",
            ],
            &["firstresolutiontimeinminutes"],
        ),
        (
            Channel,
            &["channel", "via", "ticketchannel", "渠道"],
            &["source", "来源"],
        ),
        (
            IssueType,
            &[
                "issuetype",
                "tickettype",
                "type",
                "category",
                "topic",
                "问题类型",
                "类型",
                "工单类型",
            ],
            &["reason"],
        ),
        (
            Priority,
            &["priority", "ticketpriority", "urgency", "优先级"],
            &[],
        ),
        (Status, &["status", "ticketstatus", "状态", "工单状态"], &[]),
        (
            Csat,
            &[
                "satisfaction",
                "csat",
                "satisfactionscore",
                "satisfactionrating",
                "customersatisfactionrating",
                "csatscore",
                "满意度",
                "满意度评分",
            ],
            &["rating", "评分"],
        ),
        (
            Nps,
            &["nps", "npsscore", "likelihoodtorecommend", "推荐值"],
            &[],
        ),
    ]
};

const CAMPAIGNS: &[Synonyms] = {
    use Field::*;
    &[
        (
            Id,
            &["campaignid", "活动id", "活动编号"],
            &["id", "recordid"],
        ),
        (
            Name,
            &["campaignname", "campaign", "活动", "活动名称"],
            &["name", "title"],
        ),
        (Channel, &["channel", "medium", "渠道"], &["source"]),
        (
            Start,
            &[
                "startdate",
                "start",
                "startedat",
                "launchdate",
                "开始日期",
                "开始时间",
            ],
            &["from"],
        ),
        (
            End,
            &["enddate", "end", "endedat", "结束日期", "结束时间"],
            &["to", "until"],
        ),
        (
            Cost,
            &[
                "cost",
                "amountspent",
                "spent",
                "adspend",
                "成本",
                "花费",
                "费用",
                "投入",
            ],
            &["spend", "budget"],
        ),
        (
            Impressions,
            &["impressions", "曝光", "曝光量", "展示量", "展现量"],
            &["views"],
        ),
        (Clicks, &["clicks", "linkclicks", "点击", "点击量"], &[]),
        (Leads, &["leads", "attributedleads", "线索", "线索数"], &[]),
        (
            Conversions,
            &["conversions", "attributedconversions", "转化", "转化数"],
            &[],
        ),
        (
            Revenue,
            &[
                "revenue",
                "attributedrevenue",
                "conversionvalue",
                "收入",
                "营收",
            ],
            &[],
        ),
        (
            Audience,
            &["audience", "audiencesize", "recipients", "受众", "受众规模"],
            &["sent", "reach"],
        ),
        (
            Holdout,
            &[
                "holdout",
                "holdoutsize",
                "controlsize",
                "controlgroup",
                "对照组",
            ],
            &["control"],
        ),
        (
            HoldoutConversions,
            &["holdoutconversions", "controlconversions", "对照组转化"],
            &[],
        ),
    ]
};

const RESPONSES: &[Synonyms] = {
    use Field::*;
    &[
        (
            Id,
            &[
                "memberid",
                "campaignmemberid",
                "responseid",
                "recipientid",
                "contactid",
            ],
            &["id"],
        ),
        (
            CustomerId,
            &[
                "customerid",
                "clientid",
                "leadid",
                "accountid",
                "customernumber",
                "客户id",
                "客户编号",
            ],
            &[],
        ),
        (
            CustomerEmail,
            &[
                "email",
                "emailaddress",
                "recipientemail",
                "contactemail",
                "邮箱",
            ],
            &[],
        ),
        (
            CustomerName,
            &[
                "customername",
                "contactname",
                "recipientname",
                "客户名称",
                "姓名",
            ],
            &["name", "fullname"],
        ),
        (
            Campaign,
            &[
                "campaign",
                "campaignname",
                "arm",
                "testarm",
                "testgroup",
                "treatment",
                "treatmentgroup",
                "variant",
                "experimentgroup",
                "abgroup",
                "cell",
                "活动",
                "活动名称",
                "实验组",
                "分组",
            ],
            &["group", "segment", "offer"],
        ),
        (
            ContactDate,
            &[
                "contactdate",
                "sentdate",
                "sentat",
                "senddate",
                "calldate",
                "contactedat",
                "memberfirstrespondeddate",
                "发送日期",
                "联系日期",
            ],
            &["date"],
        ),
        (
            Channel,
            &[
                "channel",
                "contact",
                "contacttype",
                "medium",
                "渠道",
                "联系方式",
            ],
            &["source"],
        ),
        (
            Responded,
            &[
                "responded",
                "hasresponded",
                "visit",
                "visited",
                "opened",
                "clicked",
                "replied",
                "engaged",
                "是否响应",
                "是否访问",
                "访问",
            ],
            &["response", "open", "click"],
        ),
        (
            Converted,
            &[
                "converted",
                "conversion",
                "y",
                "subscribed",
                "purchased",
                "bought",
                "signedup",
                "是否转化",
                "转化",
                "成交",
            ],
            &["outcome", "result"],
        ),
        (
            Revenue,
            &[
                "spend",
                "revenue",
                "purchaseamount",
                "ordervalue",
                "消费金额",
                "收入",
            ],
            &["amount", "sales", "value"],
        ),
    ]
};

fn synonyms(kind: Kind) -> &'static [Synonyms] {
    match kind {
        Kind::Customers => CUSTOMERS,
        Kind::Orders => ORDERS,
        Kind::Deals => DEALS,
        Kind::Tickets => TICKETS,
        Kind::Campaigns => CAMPAIGNS,
        Kind::Responses => RESPONSES,
    }
}

/// The entity prefixes of a kind's own columns (Pipedrive's `Deal - Title`).
fn own_entities(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Customers => &["person", "contact", "customer", "lead"],
        Kind::Orders => &["order", "invoice", "sale"],
        Kind::Deals => &["deal", "opportunity"],
        Kind::Tickets => &["ticket", "case"],
        Kind::Campaigns => &["campaign"],
        Kind::Responses => &["member", "campaignmember", "recipient", "response"],
    }
}

const ENTITIES: [&str; 17] = [
    "deal",
    "person",
    "organization",
    "organisation",
    "org",
    "lead",
    "activity",
    "product",
    "contact",
    "company",
    "account",
    "ticket",
    "campaign",
    "order",
    "customer",
    "opportunity",
    "case",
];

/// Removes `(...)` and `（...）` groups: `Probability (%)` → `Probability `.
fn drop_parenthesised(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// A header split for matching: the squashed entity prefix (if any) and the squashed rest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderKey {
    /// `deal` for `Deal - Title`; empty when the header has no entity prefix.
    pub entity: String,
    /// `title` for `Deal - Title`, `probability` for `Probability (%)`.
    pub key: String,
}

impl HeaderKey {
    /// Splits and squashes a header.
    pub fn new(header: &str) -> HeaderKey {
        let header = header.trim_start_matches('\u{feff}').trim();
        let (mut entity, mut rest) = (String::new(), header);
        if let Some((prefix, tail)) = header.split_once(" - ") {
            let e = squash(prefix);
            if ENTITIES.contains(&e.as_str()) {
                entity = e;
                rest = tail;
            }
        }
        // `Email - Work` → `Email`.
        if !entity.is_empty() {
            if let Some((head, _)) = rest.split_once(" - ") {
                rest = head;
            }
        }
        let mut key = squash(&drop_parenthesised(rest));
        if key.is_empty() {
            key = squash(rest);
        }
        HeaderKey { entity, key }
    }

    /// The keys to look up for `kind`: the bare key for the kind's own entity (or none),
    /// else the entity joined to the key (`organizationname`).
    fn lookup_key(&self, kind: Kind) -> String {
        if self.entity.is_empty() || own_entities(kind).contains(&self.entity.as_str()) {
            self.key.clone()
        } else {
            let entity = match self.entity.as_str() {
                "org" | "organisation" => "organization",
                e => e,
            };
            format!("{entity}{}", self.key)
        }
    }
}

/// The best field of `kind` for a header, with its strength (3 strong, 1 weak).
pub fn match_header(kind: Kind, header: &HeaderKey) -> Option<(Field, u32)> {
    let key = header.lookup_key(kind);
    let mut best: Option<(Field, u32)> = None;
    for (field, strong, weak) in synonyms(kind) {
        let strength = if strong.contains(&key.as_str()) {
            3
        } else if weak.contains(&key.as_str()) {
            1
        } else {
            continue;
        };
        if best.is_none_or(|(_, s)| strength > s) {
            best = Some((*field, strength));
        }
    }
    best
}

/// Which column feeds which field: `columns[i]` is the field of column `i`, `None` for an
/// extra column (kept as text). Editable: the UI shows one dropdown per field and calls
/// [`Mapping::assign`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Mapping {
    /// The record kind the fields belong to.
    pub kind: Kind,
    /// Field of each column (`None` = extra column).
    pub columns: Vec<Option<Field>>,
}

impl Mapping {
    /// The column feeding `field`, if any.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|f| *f == Some(field))
    }

    /// Feeds `field` from `column` (or from nothing). The column's previous field, and the
    /// field's previous column, are released. Fields of another kind and out-of-range
    /// columns are ignored.
    pub fn assign(&mut self, field: Field, column: Option<usize>) {
        if !Field::of(self.kind).contains(&field) {
            return;
        }
        for f in &mut self.columns {
            if *f == Some(field) {
                *f = None;
            }
        }
        if let Some(slot) = column.and_then(|c| self.columns.get_mut(c)) {
            *slot = Some(field);
        }
    }

    /// `(field, column)` pairs, in the kind's field order.
    pub fn pairs(&self) -> Vec<(Field, usize)> {
        Field::of(self.kind)
            .iter()
            .filter_map(|&f| self.column_of(f).map(|c| (f, c)))
            .collect()
    }

    /// Columns that feed no field (kept as extra text columns).
    pub fn extra_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&i| self.columns[i].is_none())
            .collect()
    }
}

/// The automatic mapping of `headers` for `kind`, and its score (how well the headers fit).
pub fn auto_mapping(kind: Kind, headers: &[String]) -> (Mapping, u32) {
    let keys: Vec<HeaderKey> = headers.iter().map(|h| HeaderKey::new(h)).collect();
    let mut candidates: Vec<(u32, usize, Field)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| match_header(kind, k).map(|(f, s)| (s, i, f)))
        .collect();
    // Strongest first; the leftmost column wins a tie.
    crate::sort::sort_by(&mut candidates, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut mapping = Mapping {
        kind,
        columns: vec![None; headers.len()],
    };
    let mut score = 0;
    for (strength, column, field) in candidates {
        if mapping.columns[column].is_none() && mapping.column_of(field).is_none() {
            mapping.columns[column] = Some(field);
            score += strength * field.weight();
        }
    }
    (mapping, score)
}

/// A nudge from the file name (`deals.csv`, `客户.csv`): added to the kind's score.
pub fn file_name_hint(file_name: &str, kind: Kind) -> u32 {
    let name = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(file_name)
        .to_lowercase();
    let words: &[&str] = match kind {
        Kind::Customers => &[
            "customer", "contact", "client", "account", "people", "客户", "会员",
        ],
        Kind::Orders => &["order", "sale", "transaction", "invoice", "订单", "销售"],
        Kind::Deals => &["deal", "opportunit", "pipeline", "商机"],
        Kind::Tickets => &["ticket", "support", "case", "工单"],
        Kind::Campaigns => &["campaign", "marketing", "活动"],
        Kind::Responses => &[
            "member",
            "recipient",
            "response",
            "contacted",
            "uplift",
            "abtest",
            "experiment",
            "响应",
            "触达",
        ],
    };
    if words.iter().any(|w| name.contains(w)) {
        2
    } else {
        0
    }
}
