curl -sS --get -H 'Accept: application/vnd.github+json' -H 'X-GitHub-Api-Version: 2022-11-28' -H "Authorization: Bearer ${GITHUB_TOKEN}" 'https://api.github.com/orgs/acme-corp/audit-log' \
  --data-urlencode 'phrase=hashed_token:"LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=" created:>=2026-11-20' --data-urlencode 'per_page=100' |
  jq '.[] | {at: ."@timestamp", action, actor, actor_ip, programmatic_access_type}'
# Ongoing: Enterprise settings > Audit log > Log streaming to the SIEM; alert on this token and on personal_access_token.* and oauth_authorization.create.