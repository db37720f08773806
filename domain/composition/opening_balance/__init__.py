"""The opening balance: the standing composition carried over from the former Regulation.

The ledger's first rulebook is Decree No. 747, in force from 27 December 2024; the Assembly, its
Chairman and its members are older. A carried-over fact is a term of membership or a holding of a
post that began under Decree No. 149 of 7 September 2011 and its amendments (repealed by the
Appendix to Decree No. 747) and still stood when Decree No. 747 came into force. It is recorded
with its original act and date, marked with the former regulation, and not re-checked against
rules that did not then apply (who issued the act, in what form, on whose nomination). What is
arithmetic or holds under Decree No. 747 from its first day is checked (docs/adr/0013):

- its dates lie between the Assembly's founding and Decree No. 747, and it takes effect no
  earlier than its act was issued;
- nobody is twice in one body or one post at once;
- on 27 December 2024 and after, the post's seats under Decree No. 747 are not exceeded, and an
  elected officer (§22) holds office within a term of membership of the body that elected them;
- the opening balance comes first: once a body or post has a fact under Decree No. 747, it
  takes no more carried-over facts (a later act of 747 may rest on what was there before).

A holding that another post follows ex officio (§17: the Head of the Secretariat is ex officio a
Deputy Chairman) gets that ex officio holding from the day Decree No. 747 came into force, as an
ordinary fact of §17: what the former regulation said of it is not the ledger's to claim.
"""
