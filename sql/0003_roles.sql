-- 0003: the standard roles (R8.1) as capability sets and record scopes.
-- read_scope / edit_scope: what records a role sees and changes
-- (own, team, subtree of the org chart, region, all, none).
INSERT INTO role (code, read_scope, edit_scope, sort) VALUES
  ('sales_rep',        'region',  'own',     10),
  ('team_lead',        'region',  'team',    20),
  ('regional_manager', 'subtree', 'subtree', 30),
  ('sales_director',   'subtree', 'subtree', 40),
  ('presales',         'region',  'own',     50),
  ('finance',          'all',     'none',    60),
  ('legal',            'all',     'none',    70),
  ('csm',              'region',  'own',     80),
  ('ops_admin',        'all',     'all',     90),
  ('auditor',          'none',    'none',   100),
  ('sysadmin',         'all',     'all',    110);

INSERT INTO role_capability (role_id, cap)
SELECT r.id, c.cap FROM role r JOIN (
  SELECT 'sales_rep' AS role, 'lead.read' AS cap UNION ALL
  SELECT 'sales_rep', 'lead.edit' UNION ALL
  SELECT 'sales_rep', 'customer.read' UNION ALL
  SELECT 'sales_rep', 'customer.edit' UNION ALL
  SELECT 'sales_rep', 'deal.read' UNION ALL
  SELECT 'sales_rep', 'deal.edit' UNION ALL
  SELECT 'sales_rep', 'export.request' UNION ALL
  SELECT 'sales_rep', 'people.read' UNION ALL

  SELECT 'team_lead', 'lead.read' UNION ALL
  SELECT 'team_lead', 'lead.edit' UNION ALL
  SELECT 'team_lead', 'lead.assign' UNION ALL
  SELECT 'team_lead', 'customer.read' UNION ALL
  SELECT 'team_lead', 'customer.edit' UNION ALL
  SELECT 'team_lead', 'customer.annotate' UNION ALL
  SELECT 'team_lead', 'deal.read' UNION ALL
  SELECT 'team_lead', 'deal.edit' UNION ALL
  SELECT 'team_lead', 'export.request' UNION ALL
  SELECT 'team_lead', 'export.approve' UNION ALL
  SELECT 'team_lead', 'field.reveal' UNION ALL
  SELECT 'team_lead', 'report.read' UNION ALL
  SELECT 'team_lead', 'people.read' UNION ALL

  SELECT 'regional_manager', 'lead.read' UNION ALL
  SELECT 'regional_manager', 'lead.edit' UNION ALL
  SELECT 'regional_manager', 'lead.assign' UNION ALL
  SELECT 'regional_manager', 'customer.read' UNION ALL
  SELECT 'regional_manager', 'customer.edit' UNION ALL
  SELECT 'regional_manager', 'customer.annotate' UNION ALL
  SELECT 'regional_manager', 'deal.read' UNION ALL
  SELECT 'regional_manager', 'deal.edit' UNION ALL
  SELECT 'regional_manager', 'deal.approve' UNION ALL
  SELECT 'regional_manager', 'export.request' UNION ALL
  SELECT 'regional_manager', 'export.approve' UNION ALL
  SELECT 'regional_manager', 'field.reveal' UNION ALL
  SELECT 'regional_manager', 'report.read' UNION ALL
  SELECT 'regional_manager', 'people.read' UNION ALL

  SELECT 'sales_director', 'lead.read' UNION ALL
  SELECT 'sales_director', 'lead.edit' UNION ALL
  SELECT 'sales_director', 'lead.assign' UNION ALL
  SELECT 'sales_director', 'customer.read' UNION ALL
  SELECT 'sales_director', 'customer.edit' UNION ALL
  SELECT 'sales_director', 'customer.annotate' UNION ALL
  SELECT 'sales_director', 'deal.read' UNION ALL
  SELECT 'sales_director', 'deal.edit' UNION ALL
  SELECT 'sales_director', 'deal.approve' UNION ALL
  SELECT 'sales_director', 'export.request' UNION ALL
  SELECT 'sales_director', 'export.approve' UNION ALL
  SELECT 'sales_director', 'field.reveal' UNION ALL
  SELECT 'sales_director', 'report.read' UNION ALL
  SELECT 'sales_director', 'people.read' UNION ALL

  SELECT 'presales', 'customer.read' UNION ALL
  SELECT 'presales', 'deal.read' UNION ALL
  SELECT 'presales', 'people.read' UNION ALL

  SELECT 'finance', 'customer.read' UNION ALL
  SELECT 'finance', 'deal.read' UNION ALL
  SELECT 'finance', 'report.read' UNION ALL
  SELECT 'finance', 'people.read' UNION ALL

  SELECT 'legal', 'customer.read' UNION ALL
  SELECT 'legal', 'deal.read' UNION ALL
  SELECT 'legal', 'people.read' UNION ALL

  SELECT 'csm', 'customer.read' UNION ALL
  SELECT 'csm', 'customer.edit' UNION ALL
  SELECT 'csm', 'deal.read' UNION ALL
  SELECT 'csm', 'people.read' UNION ALL

  SELECT 'ops_admin', 'lead.read' UNION ALL
  SELECT 'ops_admin', 'lead.edit' UNION ALL
  SELECT 'ops_admin', 'lead.assign' UNION ALL
  SELECT 'ops_admin', 'customer.read' UNION ALL
  SELECT 'ops_admin', 'deal.read' UNION ALL
  SELECT 'ops_admin', 'report.read' UNION ALL
  SELECT 'ops_admin', 'people.read' UNION ALL
  SELECT 'ops_admin', 'admin.org' UNION ALL
  SELECT 'ops_admin', 'admin.roles' UNION ALL
  SELECT 'ops_admin', 'admin.config' UNION ALL

  SELECT 'auditor', 'audit.read' UNION ALL
  SELECT 'auditor', 'audit.export' UNION ALL

  SELECT 'sysadmin', 'people.read' UNION ALL
  SELECT 'sysadmin', 'admin.users' UNION ALL
  SELECT 'sysadmin', 'admin.roles' UNION ALL
  SELECT 'sysadmin', 'admin.org' UNION ALL
  SELECT 'sysadmin', 'admin.view_as' UNION ALL
  SELECT 'sysadmin', 'admin.config' UNION ALL
  SELECT 'sysadmin', 'audit.read'
) c ON c.role = r.code;
