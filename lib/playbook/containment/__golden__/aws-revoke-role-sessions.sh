T=$(date -u +%Y-%m-%dT%H:%M:%SZ)
POLICY=$(printf '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":["*"],"Resource":["*"],"Condition":{"DateLessThan":{"aws:TokenIssueTime":"%s"}}}]}' "$T")
aws iam put-role-policy \
  --role-name '<ROLE_NAME>' \
  --policy-name AWSRevokeOlderSessions \
  --policy-document "$POLICY"