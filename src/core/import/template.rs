//! Sample CSV files, one per kind, with our canonical headers (the UI's "download template").

use crate::model::Kind;

/// A small CSV for `kind` with canonical headers and three example rows; it imports
/// cleanly as that kind.
pub fn template_csv(kind: Kind) -> String {
    let text = match kind {
        Kind::Customers => {
            "\
customer_id,name,email,phone,gender,birth_date,city,region,country,segment,signup_date,channel,owner,status
C001,Ana Souza,ana.souza@example.com,+55 11 5555 0101,F,1988-04-12,São Paulo,SP,Brazil,Consumer,2023-01-15,web,Chen Wei,active
C002,Bob Miller,bob.miller@example.com,+1 555 010 2000,M,1975-11-03,Chicago,IL,United States,Corporate,2023-02-01,partner,Alice Johnson,active
C003,李娜,li.na@example.cn,013800138000,F,1992-07-30,上海,上海,China,Small Business,2023-03-20,mobile,Chen Wei,churned
"
        }
        Kind::Orders => {
            "\
order_id,customer_id,order_date,product,category,quantity,unit_price,amount,discount,channel,status
O1001,C001,2024-01-05,Wireless Mouse,Electronics,2,19.90,39.80,,web,completed
O1002,C002,2024-01-06,\"Paper, A4 (500 sheets)\",Office Supplies,10,4.50,40.50,4.50,store,completed
O1003,C003,2024-01-07,Espresso Machine,Home & Kitchen,1,249.00,249.00,,mobile,refunded
"
        }
        Kind::Deals => {
            "\
deal_id,customer_id,title,owner,stage,amount,probability,created_date,expected_close_date,closed_date,lost_reason
D001,C001,Team licences,Chen Wei,Proposal,12000.00,40,2024-01-10,2024-03-31,,
D002,C002,Renewal 2024,Alice Johnson,Closed Won,8500.00,100,2023-12-01,2024-01-31,2024-01-20,
D003,C003,Pilot,Chen Wei,Closed Lost,3000.00,0,2024-01-03,2024-02-15,2024-02-10,Budget
"
        }
        Kind::Tickets => {
            "\
ticket_id,customer_id,opened_at,first_response_at,resolved_at,channel,issue_type,priority,status,satisfaction,nps
T001,C001,2024-01-08 09:15:00,2024-01-08 09:40:00,2024-01-08 14:05:00,email,billing,normal,solved,5,9
T002,C002,2024-01-09 16:20:00,2024-01-10 08:05:00,,chat,shipping,high,open,,
T003,C003,2024-01-11 11:00:00,2024-01-11 11:03:00,2024-01-12 10:30:00,phone,technical,low,solved,3,6
"
        }
        Kind::Campaigns => {
            "\
campaign_id,name,channel,start_date,end_date,cost,impressions,clicks,leads,conversions,revenue,audience,holdout,holdout_conversions
K001,Spring Sale 2024,email,2024-03-01,2024-03-31,1500.00,,4200,310,95,18200.00,50000,5000,61
K002,Search Q1,search,2024-01-01,2024-03-31,8000.00,250000,7400,520,140,36500.00,,,
K003,Black Friday,social,2024-11-22,2024-11-30,12000.00,900000,21000,1400,610,98000.00,,,
"
        }
        Kind::Responses => {
            "\
contact_id,customer_id,campaign,contact_date,channel,responded,converted,revenue
M001,C001,Spring Sale 2024,2024-03-02,email,yes,yes,120.00
M002,C002,Spring Sale 2024,2024-03-02,email,yes,no,
M003,C003,control,2024-03-02,email,no,no,
"
        }
    };
    text.to_string()
}
