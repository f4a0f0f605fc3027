"""The monthly merit allowance paid through the payment pipeline, and the life events that change it
(Decree 131/2021/NĐ-CP): enrolment by decision, a new injury assessment, death, a martyr's spouse who
remarries, suspension, resumption, termination and the transfer of the dossier to another province.

Where the money goes. A merit allowance decided on a `MeritRecord` is a `benefits.Enrolment` of regime
"merit" (the record points to it), and its months are paid by the managing province's ordinary payment
cycle — one cycle per province and month, its lines tagged `regime="merit"` — through the same bank files
and reconciliation as social assistance. The monthly amount is `merit.rules` for the month's facts, built
by `facts.record_facts` from the record, its assessment in force and its martyr links.

Why inside the province's cycle rather than a cycle stream of its own: since 1/3/2025 merit payments are
approved by the Sở Nội vụ while social assistance went to the social-protection side, so a per-regime
stream of cycles is the more faithful model of who approves. It would cost a regime on `PaymentCycle`
and in its one-cycle-per-province-and-month constraint, in the generation engine's walk and its
"first cycle that could have paid the month" trigger for differences, re-issues, bank files, reports,
the pages and the API — all of it for an approval split that the lines already carry: every line has its
regime, so a merit list, a merit total and the merit indicators are one filter on `regime="merit"`. We
therefore keep one cycle and one bank file per province and month and leave the split of approval by
regime as the next step when a province asks for it (docs/payments.md says the same).

A person has one live merit enrolment (benefits' one-live-enrolment-per-regime rule): a person recognised
in two categories is paid on the record enrolled first; the second is refused with `enrolment.double`.
"""
