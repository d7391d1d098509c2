#!/usr/bin/env bash
# One name per concept (issue 9, item 8): the code calls a "payment plan" a subscription.
#
#   ./rename.sh          rewrite every tracked or new (not ignored) text file under the repository
#
# Idempotent: a second run changes nothing. Generic: it walks the files that exist when it runs,
# so it can be re-run after merging other branches. What it does not touch:
#   - migrations (*/migrations/*): they are history; the rename itself is a migration
#     (orders 0006, subscriptions 0002, csrportal 0004);
#   - the exact string literals "plan" / 'plan': the stored value of Kind.SUBSCRIPTION stays
#     "plan" (no data migration), so kind="plan" and the like keep it; the few literals that
#     name the Schedule field or the URL namespace are rewritten by the explicit rules below;
#   - docs/domain.md's prose (it says how the platform's "payment plan" maps to ours), the bare
#     word "plan" in Markdown (it also means a query plan there), and the bare word in files that
#     read PostgreSQL's EXPLAIN output ("Node Type", "Plans") or are named *query_plans*.
#   - the printed number prefix "PP" and the stored kind "plan".
set -euo pipefail
cd "$(dirname "$0")"

git ls-files -z --cached --others --exclude-standard \
  | grep -zE '\.(py|html|md|txt|js|css|toml|yml)$' \
  | grep -zvE '(^|/)migrations/|^static/vendor/|^rename\.sh$' \
  | xargs -0 perl -0777 -i -pe '
    my $file = $ARGV;
    my $md = $file =~ /\.md$/;
    my $domain_doc = $file eq "docs/domain.md";
    my $explain = /"Node Type"|"Plans"/ || $file =~ /query_plans/;

    # 1. The compound names, everywhere.
    s/PaymentPlan/Subscription/g;                      # model, manager, admin, factory
    s/paymentplan/subscription/g;                      # model_name: admin URL names, permissions
    s/is_payment_plan/is_subscription/g;
    s/payment_plans\(/subscriptions(/g;                # OrderGroupQuerySet.subscriptions()
    s/payment_plan/subscription/g;                     # OrderGroup.subscription(_id), generator kwargs
    s/PAYMENT_PLAN/SUBSCRIPTION/g;                     # Kind.SUBSCRIPTION, numbers.SUBSCRIPTION
    unless ($domain_doc) {
        s/\bpayment plans\b/subscriptions/g;
        s/\bpayment plan\b/subscription/g;
        s/\bPayment plans\b/Subscriptions/g;
        s/\bPayment plan\b/Subscription/g;
    }

    # 2. Literals that name the URL namespace or the Schedule field (not the stored kind).
    s/namespace=(["\x27])plan\1/namespace=${1}subscription$1/g;
    s/(Kind\.SUBSCRIPTION:\s*)(["\x27])plan\2/$1$2subscription$2/g;   # kind -> URL namespace maps
    s/(["\x27])plan(s?):/$1subscription$2:/g;                          # "plan:order_detail"
    s/(select_related\([^)]*?)(["\x27])plan\2/$1$2subscription$2/g;
    s/(list_select_related\s*=\s*\([^)]*?)(["\x27])plan\2/$1$2subscription$2/g;
    s/(factory_related_name=)(["\x27])plan\2/$1$2subscription$2/g;

    # 3. The bare word in code and templates: plan -> subscription, plans -> subscriptions,
    #    also inside identifiers (plan_id, monthly_plan, made_by_plans, PLAN_CHUNK), but not in
    #    query_plans, planner, explain output or the exact literal "plan".
    unless ($md || $explain) {
        s/(?<![A-Za-z])(?<!query_)(?<!["\x27])plan(s?)(?![a-z])/subscription$1/g;
        s/(?<=["\x27])plan(s?)(?![a-z"\x27])/subscription$1/g;       # "plan_id", "plan__number"
        s/(?<![A-Za-z])PLAN(?![A-Za-z])/SUBSCRIPTION/g;
    }

    # 4. A one-line "from x import a, B, C" that names a subscription keeps the isort order
    #    (CONSTANTS, Classes, functions; each alphabetical). Parenthesised imports: ruff check --fix.
    if ($file =~ /\.py$/) {
        s{^(\s*from\s+\S+\s+import\s+)([\w ,]*[Ss]ubscription[\w ,]*?)(\s*(?:#.*)?)$}{
            my ($head, $names, $tail) = ($1, $2, $3);
            my $type = sub { $_[0] =~ /^[A-Z0-9_]+$/ ? 0 : $_[0] =~ /^[A-Z]/ ? 1 : 2 };
            $head . join(", ", sort { $type->($a) <=> $type->($b) or lc($a) cmp lc($b) }
                                    split /\s*,\s*/, $names) . $tail
        }gme;
    }

    # 5. No one-letter aliases for domain things: Decimal as D, SS = ShipmentStatus.
    if ($file =~ /\.py$/ && /^from decimal import Decimal as D$/m) {
        s/^from decimal import Decimal as D\n//m if /^from decimal import Decimal$/m;
        s/^from decimal import Decimal as D$/from decimal import Decimal/m;
        s/(?<![\w.])D\(/Decimal(/g;
    }
    if ($file =~ /\.py$/ && s/^SS = ShipmentStatus\n\n?//m) {
        s/(?<![\w.])SS\b/ShipmentStatus/g;
    }
  '
