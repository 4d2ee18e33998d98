"""The starting requirements, from the Gateshead quality standards (seed 001). Each keeps the seed's own words
as its source; where today's law differs (CRB checks are now DBS checks; CAF is now an early help
assessment) the requirement says today's name and the source keeps the seed's."""

STANDARD_1 = ("1", "Keeping children and young people safe from harm")
STANDARD_2 = ("2", "Equality of opportunity")
STANDARD_3 = ("3", "Integrated processes")
STANDARD_4 = ("4", "Governance standards")
STANDARD_5 = ("5", "Engagement and involvement")
STANDARD_8 = ("8", "Quality of service and staff development")

REQUIREMENTS = [
    {
        "code": "dbs-checks",
        "title": "Staff and volunteers are DBS checked",
        "guidance": "A current record of enhanced DBS checks (with barred list checks where the role is "
        "regulated activity) for everyone working with children and young people, or registration with "
        "the DBS Update Service.",
        "standard": STANDARD_1,
        "source_text": "ensuring that all those working with Children and Young People in Gateshead are CRB checked",
        "validity_months": 36,
    },
    {
        "code": "safeguarding-policy",
        "title": "Safeguarding policy and procedures",
        "guidance": "The provider's own safeguarding policy and procedures, in line with the local "
        "safeguarding children partnership's procedures, with the date adopted and the date of review.",
        "standard": STANDARD_1,
        "source_text": "are aware of and are applying the relevant safeguarding guidance and have their own "
        "safeguarding policies and procedures in place",
        "validity_months": 12,
    },
    {
        "code": "whistleblowing-policy",
        "title": "Whistleblowing policy",
        "guidance": "How staff and volunteers can raise concerns about practice, including outside the "
        "organisation, and how they are protected when they do.",
        "standard": STANDARD_1,
        "source_text": "have their own safeguarding policies and procedures in place",
        "validity_months": 24,
    },
    {
        "code": "equality-policy",
        "title": "Equality of opportunity policy",
        "guidance": "An equality policy that meets the Equality Act 2010 and shows how the service meets "
        "the needs of diverse communities.",
        "standard": STANDARD_2,
        "source_text": "Equality of opportunity policies in place",
        "validity_months": 24,
    },
    {
        "code": "complaints-policy",
        "title": "Complaints policy",
        "guidance": "How children, young people, families and others can complain, and how complaints "
        "and what is learnt from them are recorded.",
        "standard": STANDARD_5,
        "source_text": "systems in place to gather and take account of the views of stakeholders and service users",
        "validity_months": 24,
    },
    {
        "code": "annual-report",
        "title": "Annual report",
        "guidance": "The latest annual report (or annual accounts and trustees' report for a charity).",
        "standard": STANDARD_4,
        "source_text": "That services can demonstrate their fitness for purpose, produce an annual report.",
        "validity_months": 12,
    },
    {
        "code": "supervision",
        "title": "Workforce supervision",
        "guidance": "The standard of individual and professional supervision for those working with "
        "children and young people, and a record that it happens.",
        "standard": STANDARD_8,
        "source_text": "Clarity about standards of individual and professional supervision to ensure adequate "
        "support for those working with children and young people.",
        "validity_months": 12,
    },
    {
        "code": "workforce-training",
        "title": "Workforce development and training",
        "guidance": "A workforce development policy and a training record, including safeguarding training "
        "so practitioners are helped to spot children at risk.",
        "standard": STANDARD_8,
        "source_text": "A workforce development policy in place that ensures practitioners have access to training "
        "and are helped to spot children at risk.",
        "validity_months": 12,
    },
    {
        "code": "information-sharing",
        "title": "Information sharing",
        "guidance": "Signed up to the partnership's information sharing protocol, with a data protection "
        "(UK GDPR) policy.",
        "standard": STANDARD_3,
        "source_text": "They will also need to be aware of and apply the information sharing protocols in place "
        "across the Borough.",
        "validity_months": 24,
    },
    {
        "code": "integrated-processes",
        "title": "Integrated processes",
        "guidance": "Uses the partnership's early help assessment (formerly the CAF), lead professional and "
        "team around the family approach, and no additional systems to those agreed.",
        "standard": STANDARD_3,
        "source_text": "use the integrated processes established in Gateshead including the CAF process, lead "
        "professional and team around the family (TAF) approach",
        "validity_months": 24,
    },
]


def seed_requirements(requirement_model) -> int:
    """Create the requirements that do not exist yet (by code); never overwrite local changes."""
    created = 0
    for position, row in enumerate(REQUIREMENTS, start=1):
        ref, title = row["standard"]
        _, made = requirement_model.objects.get_or_create(
            code=row["code"],
            defaults={
                "title": row["title"],
                "guidance": row["guidance"],
                "standard_ref": ref,
                "standard_title": title,
                "source_text": row["source_text"],
                "validity_months": row["validity_months"],
                "position": position,
            },
        )
        created += made
    return created
