"""Demo data for ``baton demo``: organisations, staff and thirty children's learning journeys.

Pure data, no behaviour: the loader turns each offset (``days_ago``, ``age_months``,
``started_months_ago``) into a date counted back from the day the demo is loaded, so the journeys
always look current. Every date falls after the child's birth and start at the setting; each
progress check at two falls between 24 and 36 months of age. The records read as if loaded in
the summer term, a few weeks before the oldest children start reception (seasonal details, such
as conkers or Diwali, sit at matching offsets). Names, URNs and addresses are invented; e-mail
addresses use ``example.org``.
"""

from __future__ import annotations

from typing import Literal, TypedDict

OrgKind = Literal["nursery", "preschool", "childminder", "school"]
Role = Literal["practitioner", "manager", "teacher", "dsl"]
Area = Literal["CL", "PSED", "PD", "L", "M", "UW", "EAD"]
Goal = Literal[
    "COM_E01",
    "COM_E02",
    "PSE_E03",
    "PSE_E04",
    "PSE_E05",
    "PHY_E06",
    "PHY_E07",
    "LIT_E08",
    "LIT_E09",
    "LIT_E10",
    "MAT_E11",
    "MAT_E12",
    "UTW_E13",
    "UTW_E14",
    "UTW_E15",
    "EXP_E16",
    "EXP_E17",
]
Characteristic = Literal[
    "playing_and_exploring",
    "active_learning",
    "creating_and_thinking_critically",
]
SendStatus = Literal["none", "sen_support", "ehc_plan"]
VoiceKind = Literal["child", "parent"]
AssessmentKind = Literal["progress_check_at_two", "transition_summary"]
Judgement = Literal["on_track", "not_yet", "exceeding"]


class DemoOrganisation(TypedDict):
    key: str
    name: str
    kind: OrgKind
    urn: str


class DemoStaff(TypedDict):
    org_key: str
    name: str
    email: str
    roles: list[Role]


class DemoObservation(TypedDict):
    """Something the key person saw and heard; ``elgs`` are the 2021 goal codes it evidences."""

    area: Area
    days_ago: int
    text: str
    elgs: list[Goal]
    characteristics: list[Characteristic]


class DemoVoice(TypedDict):
    """The child's "All about me" in their own words, or the parent's view."""

    kind: VoiceKind
    days_ago: int
    text: str


class DemoAssessment(TypedDict):
    """A progress check at two (prime areas) or a transition summary (all seven areas)."""

    kind: AssessmentKind
    days_ago: int
    summary: str
    areas: dict[Area, Judgement]


class DemoMoment(TypedDict):
    days_ago: int
    text: str


class DemoParent(TypedDict):
    """A parent who signs in to follow their child: the setting shares the child's newest
    ``shared_observations`` observations with them, and they added a moment from home."""

    child_key: str
    name: str
    email: str
    relationship: str
    shared_observations: int
    moment: DemoMoment


class DemoChild(TypedDict):
    """A child at ``setting_key`` (and any ``also_attends``), moving to school ``moving_to``."""

    key: str
    given_name: str
    family_name: str
    preferred_name: str | None
    age_months: int
    started_months_ago: int
    setting_key: str
    also_attends: list[str]
    home_languages: list[str]
    send_status: SendStatus
    key_person: str
    observations: list[DemoObservation]
    voices: list[DemoVoice]
    assessments: list[DemoAssessment]
    moving_to: str | None


# The tables below are laid out by hand to keep a record readable at a glance; the formatter's
# one-key-per-line layout would nearly double their length.
# fmt: off
ORGANISATIONS: list[DemoOrganisation] = [
    {"key": "acorns", "name": "Acorns Day Nursery", "kind": "nursery", "urn": "EY412873"},
    {"key": "rainbow", "name": "Little Rainbows Nursery", "kind": "nursery", "urn": "EY538104"},
    {"key": "meadow", "name": "Meadowside Community Pre-School", "kind": "preschool",
     "urn": "EY290417"},
    {"key": "little_owls", "name": "Little Owls Childminding (Joanne Hughes)",
     "kind": "childminder", "urn": "EY487215"},
    {"key": "stmarys", "name": "St Mary's CE Primary School", "kind": "school", "urn": "118642"},
    {"key": "brookfield", "name": "Brookfield Primary Academy", "kind": "school", "urn": "142937"},
]

STAFF: list[DemoStaff] = [
    {"org_key": "acorns", "name": "Helen Brooks", "email": "helen.brooks@acorns.example.org",
     "roles": ["manager", "dsl"]},
    {"org_key": "acorns", "name": "Priya Shah", "email": "priya.shah@acorns.example.org",
     "roles": ["practitioner"]},
    {"org_key": "acorns", "name": "Tom Gallagher", "email": "tom.gallagher@acorns.example.org",
     "roles": ["practitioner"]},
    {"org_key": "acorns", "name": "Ngozi Adeyemi", "email": "ngozi.adeyemi@acorns.example.org",
     "roles": ["practitioner"]},
    {"org_key": "rainbow", "name": "Claire Whitfield",
     "email": "claire.whitfield@littlerainbows.example.org", "roles": ["manager"]},
    {"org_key": "rainbow", "name": "Marcus Bennett",
     "email": "marcus.bennett@littlerainbows.example.org", "roles": ["practitioner", "dsl"]},
    {"org_key": "rainbow", "name": "Agnieszka Nowak",
     "email": "agnieszka.nowak@littlerainbows.example.org", "roles": ["practitioner"]},
    {"org_key": "rainbow", "name": "Fatima Hussain",
     "email": "fatima.hussain@littlerainbows.example.org", "roles": ["practitioner"]},
    {"org_key": "meadow", "name": "Janet Parry", "email": "janet.parry@meadowside.example.org",
     "roles": ["manager", "dsl"]},
    {"org_key": "meadow", "name": "Leanne Cooper", "email": "leanne.cooper@meadowside.example.org",
     "roles": ["practitioner"]},
    {"org_key": "meadow", "name": "Aisha Rahman", "email": "aisha.rahman@meadowside.example.org",
     "roles": ["practitioner"]},
    {"org_key": "little_owls", "name": "Joanne Hughes", "email": "joanne@littleowls.example.org",
     "roles": ["practitioner", "manager", "dsl"]},
    {"org_key": "stmarys", "name": "Rachel Evans", "email": "r.evans@stmarys.example.org",
     "roles": ["teacher"]},
    {"org_key": "stmarys", "name": "Daniel Osei", "email": "d.osei@stmarys.example.org",
     "roles": ["teacher"]},
    {"org_key": "stmarys", "name": "Margaret Doyle", "email": "m.doyle@stmarys.example.org",
     "roles": ["dsl"]},
    {"org_key": "brookfield", "name": "Emma Clarke", "email": "emma.clarke@brookfield.example.org",
     "roles": ["teacher"]},
    {"org_key": "brookfield", "name": "Imran Siddiqui",
     "email": "imran.siddiqui@brookfield.example.org", "roles": ["teacher"]},
    {"org_key": "brookfield", "name": "Karen Lloyd", "email": "karen.lloyd@brookfield.example.org",
     "roles": ["dsl"]},
]

CHILDREN: list[DemoChild] = [
    # Acorns Day Nursery
    {
        "key": "amara_okonkwo", "given_name": "Amara", "family_name": "Okonkwo",
        "preferred_name": None, "age_months": 54, "started_months_ago": 30, "setting_key": "acorns",
        "also_attends": [], "home_languages": ["igbo", "english"], "send_status": "none",
        "key_person": "Ngozi Adeyemi", "moving_to": "stmarys",
        "observations": [
            {"area": "PSED", "days_ago": 14, "elgs": ["PSE_E05", "PSE_E03"],
             "characteristics": ["playing_and_exploring"],
             "text": "Amara noticed a younger friend was upset because all the bikes were taken "
                 "and offered hers: 'You can have it after me, I'll count to ten.' She counted out "
                 "loud and kept her promise. Next step: invite her to help new children settle at "
                 "the start of sessions."},
            {"area": "CL", "days_ago": 37, "elgs": ["COM_E02"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "During minibeast week Amara explained to the group how a snail carries its "
                 "house: 'It's got a shell so it can go to bed anywhere.' She answered her "
                 "friends' questions patiently in full sentences. Next step: encourage her to use "
                 "'because' to explain her ideas."},
            {"area": "M", "days_ago": 63, "elgs": ["MAT_E11"], "characteristics": ["active_learning"],
             "text": "Amara set the table for snack, counted out eight cups and then noticed one "
                 "was missing: 'We need one more for Ngozi!' She knew there were eight without "
                 "recounting. Next step: explore 'one more' and 'one less' with her at snack "
                 "time."},
            {"area": "EAD", "days_ago": 101, "elgs": ["EXP_E17"],
             "characteristics": ["playing_and_exploring"],
             "text": "Amara turned the home corner into a hair salon, with combs, a spray bottle "
                 "and 'bookings' on a clipboard. She told each customer, 'You'll look beautiful "
                 "for the party.' Next step: add appointment cards and a price list to extend her "
                 "mark making."},
            {"area": "L", "days_ago": 155, "elgs": ["LIT_E10"],
             "characteristics": ["active_learning"],
             "text": "Amara wrote the A of her name on her painting and asked how to write the "
                 "rest. With a model to copy she formed m, r and a, saying the sounds as she went. "
                 "Next step: practise her name in playful ways, in the sand and with chalk "
                 "outside."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 21, "text": "I like the big slide and dancing. My best "
                 "friends are Tia and Esme. I'm proud I can do my coat zip all by myself. At big "
                 "school I want to paint every day."},
            {"kind": "parent", "days_ago": 25, "text": "Amara is the youngest of three and loves "
                 "keeping up with her big brothers. We speak Igbo and English at home and her "
                 "grandma looks after her on Fridays. She can be shy with new adults at first, so "
                 "a little time to warm up helps her."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 810,
             "summary": "Amara is sociable and curious, plays alongside others and is starting to "
                 "take turns with support. She uses around 50 words across English and Igbo and is "
                 "beginning to join two words. She climbs confidently. We will support her talk "
                 "with songs and stories and learn Igbo rhymes from home.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
            {"kind": "transition_summary", "days_ago": 9,
             "summary": "Amara is confident, kind and chatty. She plays cooperatively, takes turns "
                 "and comforts upset friends. She speaks in full sentences, loves stories, is "
                 "beginning to write her name and counts reliably to 10. She is quiet with new "
                 "adults at first; a familiar face and a job to do help her settle.",
             "areas": {"CL": "on_track", "PSED": "exceeding", "PD": "on_track", "L": "on_track",
                       "M": "on_track", "UW": "on_track", "EAD": "exceeding"}},
        ],
    },
    {
        "key": "oliver_whitaker", "given_name": "Oliver", "family_name": "Whitaker",
        "preferred_name": "Ollie", "age_months": 51, "started_months_ago": 34,
        "setting_key": "acorns", "also_attends": ["little_owls"], "home_languages": ["english"],
        "send_status": "none", "key_person": "Tom Gallagher", "moving_to": "stmarys",
        "observations": [
            {"area": "PD", "days_ago": 9, "elgs": ["PHY_E06"],
             "characteristics": ["active_learning"],
             "text": "Ollie spent twenty minutes on the balance beams, rearranging them to make it "
                 "'trickier'. He fell off twice, laughed and kept trying until he crossed without "
                 "a hand to hold. Next step: introduce hopping and skipping games to build on his "
                 "coordination."},
            {"area": "PSED", "days_ago": 28, "elgs": ["PSE_E03"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "When his den collapsed Ollie stamped his foot: 'It's ruined!' Then he took a "
                 "deep breath, as we practise at group time, and said, 'Let's use the pegs this "
                 "time.' Lovely self-regulation. Next step: name the strategy when he uses it so "
                 "he notices it himself."},
            {"area": "CL", "days_ago": 120, "elgs": ["COM_E01"], "characteristics": [],
             "text": "Ollie listened to 'Room on the Broom' all the way through and predicted, "
                 "'The dragon's going to eat the witch!' He answered 'why' questions about the "
                 "characters. Next step: support him to retell familiar stories using props."},
            {"area": "M", "days_ago": 210, "elgs": ["MAT_E12"],
             "characteristics": ["active_learning"],
             "text": "Ollie made a repeating pattern of red and blue cars along the window sill "
                 "and spotted when a friend added a green one: 'That's not the pattern!' Next "
                 "step: try ABB and ABC patterns with him."},
            {"area": "UW", "days_ago": 270, "elgs": ["UTW_E15"],
             "characteristics": ["playing_and_exploring"],
             "text": "Ollie brought in a conker from a walk with Joanne, his childminder, and "
                 "wanted to know 'why it's shiny inside'. We opened more and looked with "
                 "magnifiers, and he drew what he saw. Next step: plant some conkers and check on "
                 "them together each week."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 17, "text": "I like racing cars and football with Daddy. "
                 "At Joanne's we go to the park. I'm proud I can go across the beams. At big "
                 "school I want to play football."},
            {"kind": "parent", "days_ago": 30, "text": "Ollie is with Joanne on Tuesdays and "
                 "Thursdays and at nursery the rest of the week, so he has a busy life! He loves "
                 "anything with wheels and football with his dad. He gets tired by Friday "
                 "afternoons and can be wobbly then. He's really excited about school."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 720,
             "summary": "Ollie is energetic and physically confident, loving running, climbing and "
                 "throwing. He follows simple instructions and is starting to use three words "
                 "together. Waiting, sharing and the end of play are hard for him. We will use "
                 "timers and a 'now and next' board at nursery and at his childminder's.",
             "areas": {"CL": "on_track", "PSED": "not_yet", "PD": "exceeding"}},
            {"kind": "transition_summary", "days_ago": 11,
             "summary": "Ollie is an enthusiastic learner who is happiest outdoors. He now calms "
                 "himself with deep breaths and words most of the time. He listens well to "
                 "stories, counts to 20 and loves patterns, but prefers big movements to pencil "
                 "work. He also attends a childminder two days a week.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "exceeding", "L": "not_yet",
                       "M": "on_track", "UW": "on_track", "EAD": "on_track"}},
        ],
    },
    {
        "key": "zofia_kowalczyk", "given_name": "Zofia", "family_name": "Kowalczyk",
        "preferred_name": None, "age_months": 49, "started_months_ago": 20, "setting_key": "acorns",
        "also_attends": [], "home_languages": ["polish", "english"], "send_status": "none",
        "key_person": "Priya Shah", "moving_to": "brookfield",
        "observations": [
            {"area": "CL", "days_ago": 7, "elgs": ["COM_E02"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Zofia told me about her weekend in a long stream of English: 'We went to the "
                 "seaside and I find a crab and it pinched my babcia!' She moves confidently "
                 "between Polish and English. Next step: model the past tense back to her "
                 "naturally ('You found a crab!')."},
            {"area": "PSED", "days_ago": 45, "elgs": ["PSE_E04"], "characteristics": [],
             "text": "Zofia now gets herself ready for the garden on her own, wellies on the right "
                 "feet and coat zipped, and then helped a younger child with a sleeve. 'I'm a "
                 "helper,' she said proudly. Next step: give her a regular helper role at tidy-up "
                 "time."},
            {"area": "EAD", "days_ago": 90, "elgs": ["EXP_E16"],
             "characteristics": ["playing_and_exploring"],
             "text": "At the junk modelling table Zofia made a 'rocket for my cat' from tubes and "
                 "foil. When the fins kept falling off she folded the card to make tabs, and they "
                 "stayed. Next step: offer a wider range of joining materials, such as split pins "
                 "and string."},
            {"area": "UW", "days_ago": 195, "elgs": ["UTW_E14"], "characteristics": [],
             "text": "Zofia brought in photos of her family's Wigilia meal and told the group "
                 "about the empty chair kept for an unexpected visitor. Her friends were "
                 "fascinated. Next step: invite her family in to share a Polish song or story."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 14, "text": "I like my cat Mruczek and drawing rockets. "
                 "I speak Polish with Mama and English at nursery. I'm proud I can swim with my "
                 "armbands. At big school I want to play with Lena."},
            {"kind": "parent", "days_ago": 16, "text": "We speak Polish at home and want Zofia to "
                 "keep it as well as English. She is confident, but sometimes she doesn't know the "
                 "English word and gets frustrated, so please give her time. She loves helping and "
                 "being given small jobs."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 560,
             "summary": "Zofia is happy and settled, with a strong bond with her key person. She "
                 "understands a lot of Polish, talks in short Polish sentences at home and is "
                 "beginning to use single English words here. She moves confidently. We will use "
                 "visual supports, learn key Polish words and keep valuing her Polish.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
            {"kind": "transition_summary", "days_ago": 13,
             "summary": "Zofia is confident, helpful and creative, and bilingual in Polish and "
                 "English. She speaks in full English sentences, sometimes borrowing a Polish "
                 "word, and understands well. She is very independent, loves making models and "
                 "recognises some letters. Her parents want her to stay bilingual; please "
                 "celebrate her Polish.",
             "areas": {"CL": "on_track", "PSED": "exceeding", "PD": "on_track", "L": "on_track",
                       "M": "on_track", "UW": "on_track", "EAD": "exceeding"}},
        ],
    },
    {
        "key": "ibrahim_ali", "given_name": "Ibrahim", "family_name": "Ali", "preferred_name": None,
        "age_months": 56, "started_months_ago": 40, "setting_key": "acorns", "also_attends": [],
        "home_languages": ["somali", "english"], "send_status": "sen_support",
        "key_person": "Ngozi Adeyemi", "moving_to": "brookfield",
        "observations": [
            {"area": "CL", "days_ago": 6, "elgs": ["COM_E01"],
             "characteristics": ["active_learning"],
             "text": "In our small language group Ibrahim waited for his turn with the treasure "
                 "bucket and copied the action 'shake, shake, stop!' He smiled and looked at me "
                 "when it was his go; his attention in adult-led groups grows every week. Next "
                 "step: add a simple turn-taking game."},
            {"area": "CL", "days_ago": 30, "elgs": ["COM_E02"], "characteristics": [],
             "text": "Ibrahim used two-word phrases at snack today: 'more banana' and 'cup "
                 "please'. These are targets on his support plan from his speech and language "
                 "therapist, and he is meeting them. Next step: model three-word phrases ('more "
                 "yellow banana') during routines."},
            {"area": "PSED", "days_ago": 52, "elgs": ["PSE_E05"],
             "characteristics": ["playing_and_exploring"],
             "text": "Ibrahim joined two friends in the sand tray, fetching water in a jug to make "
                 "a 'river'. He laughed when it overflowed and passed the jug on when a friend "
                 "held out a hand. Next step: support him to ask to join play with a simple "
                 "phrase, 'Can I play?'"},
            {"area": "PD", "days_ago": 88, "elgs": ["PHY_E06"],
             "characteristics": ["active_learning"],
             "text": "Ibrahim dribbled the football around the cones and scored, shouting 'Goal!' "
                 "and running over for a high five. He is a skilful, well-coordinated player. Next "
                 "step: use football games to practise position words like 'next to' and "
                 "'behind'."},
            {"area": "M", "days_ago": 175, "elgs": ["MAT_E11"], "characteristics": [],
             "text": "Ibrahim matched number cards 1 to 5 to sets of conkers, counting carefully "
                 "with his finger. He often shows what he knows through actions rather than words. "
                 "Next step: keep offering practical maths and model number words alongside."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 18, "text": "Football! I like football and red car. "
                 "Mummy and baby sister. Big school, yes!"},
            {"kind": "parent", "days_ago": 20, "text": "At home we speak Somali. Ibrahim "
                 "understands everything but talks less than his sisters did. The speech therapist "
                 "has helped a lot and we play the games at home. He loves football, his cousins "
                 "and helping his dad in the shop. Please be patient with him: he knows more than "
                 "he can say."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 900,
             "summary": "Ibrahim is happy, active and settled, and follows routines in Somali and "
                 "English with gestures. His talking is less than expected for his age: he uses a "
                 "few single words and points. With his parents' consent we will refer him to "
                 "speech and language therapy and use Makaton and picture supports.",
             "areas": {"CL": "not_yet", "PSED": "on_track", "PD": "on_track"}},
            {"kind": "transition_summary", "days_ago": 8,
             "summary": "Ibrahim is friendly and sporty, with a lovely sense of humour. He has SEN "
                 "support for speech and language, reviewed termly with his parents and therapist; "
                 "our SENCO will share his plan. He uses two- and three-word phrases and "
                 "understands far more. Visual timetables, Makaton and a consistent adult help "
                 "him.",
             "areas": {"CL": "not_yet", "PSED": "on_track", "PD": "on_track", "L": "not_yet",
                       "M": "on_track", "UW": "on_track", "EAD": "on_track"}},
        ],
    },
    {
        "key": "freya_morgan", "given_name": "Freya", "family_name": "Morgan",
        "preferred_name": None, "age_months": 47, "started_months_ago": 28, "setting_key": "acorns",
        "also_attends": [], "home_languages": ["english", "welsh"], "send_status": "none",
        "key_person": "Tom Gallagher", "moving_to": "stmarys",
        "observations": [
            {"area": "EAD", "days_ago": 11, "elgs": ["EXP_E17"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Freya sang 'Dacw 'Nghariad', a Welsh song her taid taught her, and then "
                 "taught everyone the actions. She stood up confidently and beamed when the group "
                 "clapped. Next step: add her songs to our singing basket with picture prompts."},
            {"area": "PSED", "days_ago": 40, "elgs": ["PSE_E03"], "characteristics": [],
             "text": "Freya was disappointed when rain stopped us going into the garden. She said, "
                 "'I'm sad, but we can do puddles after!' She is beginning to manage "
                 "disappointment with words. Next step: talk about feelings together using our "
                 "feelings book."},
            {"area": "L", "days_ago": 95, "elgs": ["LIT_E08"], "characteristics": ["active_learning"],
             "text": "Freya 'read' 'The Gruffalo' to a small group from the pictures, remembering "
                 "the repeated phrases word for word. Pointing at the mouse, she said, 'He's "
                 "clever, he tricked them.' Next step: introduce non-fiction books about owls, her "
                 "current passion."},
            {"area": "PD", "days_ago": 180, "elgs": ["PHY_E07"], "characteristics": [],
             "text": "Freya snipped along a line to make a mane for her paper lion, holding the "
                 "scissors correctly and turning the paper with her other hand. Next step: offer "
                 "cutting along curved lines."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 12, "text": "I like owls and singing and my taid's farm. "
                 "My best friend is Isaac. I'm proud I can ride my bike with no stabilisers."},
            {"kind": "parent", "days_ago": 15, "text": "Freya's dad is Welsh and she hears Welsh "
                 "from him and her grandparents, and English from me. She's a confident talker but "
                 "gets tearful when she's tired. Her baby brother has just started crawling and "
                 "she loves being a big sister."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 630,
             "summary": "Freya is chatty and imaginative, with lots of words, and joins in with "
                 "songs. She plays alongside others and is learning to share with support. She "
                 "runs, climbs and kicks a ball. Goodbyes at the end of sessions upset her, so we "
                 "will use a goodbye routine and a comforter from home.",
             "areas": {"CL": "exceeding", "PSED": "on_track", "PD": "on_track"}},
            {"kind": "transition_summary", "days_ago": 10,
             "summary": "Freya is bright, confident and creative; she loves singing, stories and "
                 "owls and shares Welsh songs from home. She talks in detail and retells stories "
                 "well. She manages her feelings with words, though she can be tearful when tired. "
                 "She writes some letters of her name.",
             "areas": {"CL": "exceeding", "PSED": "on_track", "PD": "on_track", "L": "exceeding",
                       "M": "on_track", "UW": "on_track", "EAD": "exceeding"}},
        ],
    },
    {
        "key": "arjun_patel", "given_name": "Arjun", "family_name": "Patel", "preferred_name": None,
        "age_months": 42, "started_months_ago": 18, "setting_key": "acorns", "also_attends": [],
        "home_languages": ["gujarati", "english"], "send_status": "none",
        "key_person": "Priya Shah", "moving_to": None,
        "observations": [
            {"area": "M", "days_ago": 8, "elgs": ["MAT_E11"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Arjun lined up the dinosaurs and counted, '1, 2, 3, 4, 5, five dinosaurs!' "
                 "Then he spotted one hiding behind the box and counted again to check. Next step: "
                 "play games where he guesses 'how many' before counting."},
            {"area": "CL", "days_ago": 33, "elgs": ["COM_E02"], "characteristics": [],
             "text": "Arjun asked me, 'Why the moon is following our car?' after a drive with his "
                 "grandparents. We talked about how far away the moon is. His questions show real "
                 "curiosity. Next step: share a simple non-fiction book about space with him."},
            {"area": "PSED", "days_ago": 70, "elgs": ["PSE_E05"],
             "characteristics": ["playing_and_exploring"],
             "text": "Arjun and a friend made a train from chairs and took turns to drive. He "
                 "said, 'Now it's your turn, I'm the ticket man.' Next step: add tickets and a "
                 "timetable to support their cooperative play."},
            {"area": "UW", "days_ago": 255, "elgs": ["UTW_E14"], "characteristics": [],
             "text": "At Diwali Arjun brought in a diya and showed us how his family light it: "
                 "'It's for Lakshmi to find our house.' His friends listened closely. Next step: "
                 "invite his family to share a Gujarati story."},
        ],
        "voices": [
            {"kind": "parent", "days_ago": 22, "text": "Arjun lives with us and his grandparents, "
                 "who speak Gujarati with him. He is very curious and asks questions all day! He "
                 "can be cautious on climbing equipment and needs a bit of encouragement."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 480,
             "summary": "Arjun is curious and settled, understands Gujarati and English and is "
                 "beginning to combine words. He is starting to join simple games. Climbing and "
                 "balancing are less confident than expected, as he prefers table-top play. We "
                 "will offer gentle physical challenges outside and share ideas with his family.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "not_yet"}},
        ],
    },
    {
        "key": "lily_rose_thompson", "given_name": "Lily-Rose", "family_name": "Thompson",
        "preferred_name": "Lily", "age_months": 38, "started_months_ago": 14,
        "setting_key": "acorns", "also_attends": ["little_owls"], "home_languages": ["english"],
        "send_status": "none", "key_person": "Tom Gallagher", "moving_to": None,
        "observations": [
            {"area": "PSED", "days_ago": 5, "elgs": ["PSE_E04"], "characteristics": [],
             "text": "Lily now goes to the toilet on her own and washes her hands, singing our "
                 "handwashing song. She came back and told me, 'I did it all by myself!' Next "
                 "step: encourage her to put her own coat on for the garden."},
            {"area": "CL", "days_ago": 26, "elgs": ["COM_E01"],
             "characteristics": ["playing_and_exploring"],
             "text": "Lily listened carefully to 'We're Going on a Bear Hunt' and joined in with "
                 "'swishy swashy'. She remembered the order of the places. Next step: act out the "
                 "story in the garden with props."},
            {"area": "EAD", "days_ago": 60, "elgs": ["EXP_E16"],
             "characteristics": ["playing_and_exploring"],
             "text": "Lily explored the playdough with rolling pins and cutters for a long time, "
                 "making 'cupcakes for Joanne' and pushing in candles. Next step: add sticks and "
                 "shells to her playdough."},
            {"area": "PD", "days_ago": 150, "elgs": ["PHY_E06"],
             "characteristics": ["active_learning"],
             "text": "Lily climbed the small A-frame and came down the slide on her tummy, feet "
                 "first. She kept trying until she could climb the ladder without holding my hand. "
                 "Next step: introduce the balance bikes."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 10, "text": "I like the ducks at Joanne's house. I like "
                 "pink and my nanny. I can do the slide!"},
            {"kind": "parent", "days_ago": 10, "text": "Lily spends Mondays and Wednesdays with "
                 "Joanne and loves feeding her ducks. At home she lives with me and her nan. She's "
                 "a little worrier at drop-off but soon settles. She adores her baby cousin."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 330,
             "summary": "Lily is gentle and affectionate, with close bonds with her key person and "
                 "her childminder. She uses simple sentences and enjoys rhymes. Separating from "
                 "her mum can be hard, though she is soon comforted. We will share one goodbye "
                 "routine across nursery, her childminder's and home.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
        ],
    },
    {
        "key": "yusuf_miah", "given_name": "Yusuf", "family_name": "Miah", "preferred_name": None,
        "age_months": 35, "started_months_ago": 9, "setting_key": "acorns", "also_attends": [],
        "home_languages": ["bengali", "english"], "send_status": "none",
        "key_person": "Ngozi Adeyemi", "moving_to": None,
        "observations": [
            {"area": "PSED", "days_ago": 4, "elgs": ["PSE_E05"], "characteristics": [],
             "text": "Yusuf came to find me at the door this morning and took my hand to show me "
                 "the new trains. He has settled so well and now looks for familiar adults. Next "
                 "step: encourage him to play alongside one or two friends at the train track."},
            {"area": "CL", "days_ago": 21, "elgs": [], "characteristics": ["playing_and_exploring"],
             "text": "Yusuf pointed at the bubbles and said, 'Bubble! More!', then waited, "
                 "smiling, for me to blow again. He uses single words in English and Bengali to "
                 "ask for things. Next step: pause during songs so he can fill in the missing "
                 "word."},
            {"area": "PD", "days_ago": 55, "elgs": ["PHY_E07"],
             "characteristics": ["active_learning"],
             "text": "Yusuf scooped rice from one bowl to another with a spoon, concentrating hard "
                 "and spilling very little. Next step: offer tongs and tweezers to strengthen his "
                 "grip."},
            {"area": "UW", "days_ago": 120, "elgs": ["UTW_E15"],
             "characteristics": ["playing_and_exploring"],
             "text": "In the garden Yusuf found a worm under a log and crouched to watch it for a "
                 "long time. 'Wiggly!' he said. Next step: go on a minibeast hunt with "
                 "magnifiers."},
        ],
        "voices": [
            {"kind": "parent", "days_ago": 30, "text": "At home we speak Bengali, and Yusuf's two "
                 "older sisters speak English to him too. He loves trains and watching the buses "
                 "from the window. He eats halal food only. He is a cuddly boy who likes to be "
                 "held when he's tired."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 200,
             "summary": "Yusuf is happy, settled and loves exploring. He understands familiar "
                 "words in Bengali and English and uses single words to ask for things. He stays "
                 "close to adults and is starting to notice other children. He walks, runs and "
                 "climbs steps well. We will invite him into small group songs.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
        ],
    },
    {
        "key": "maisie_collins", "given_name": "Maisie", "family_name": "Collins",
        "preferred_name": None, "age_months": 31, "started_months_ago": 12, "setting_key": "acorns",
        "also_attends": [], "home_languages": ["english"], "send_status": "none",
        "key_person": "Priya Shah", "moving_to": None,
        "observations": [
            {"area": "PSED", "days_ago": 3, "elgs": [],
             "characteristics": ["playing_and_exploring"],
             "text": "Maisie looked after 'baby' in the home corner, wrapping her in a blanket and "
                 "whispering, 'Shh, baby sleeping.' She is using play to act out what she knows "
                 "from home. Next step: add a baby bath and towels to extend her role play."},
            {"area": "CL", "days_ago": 19, "elgs": [], "characteristics": [],
             "text": "Maisie pointed to the animals in the farm book and named 'cow', 'pig' and "
                 "'baa sheep', making each sound. Next step: play 'Where's the...?' to build her "
                 "understanding of simple questions."},
            {"area": "PD", "days_ago": 47, "elgs": ["PHY_E06"],
             "characteristics": ["active_learning"],
             "text": "Maisie practised jumping off the low step with two feet together, arms out, "
                 "shouting 'Jump!' every time. Next step: add a line on the ground to jump over."},
            {"area": "EAD", "days_ago": 200, "elgs": ["EXP_E16"],
             "characteristics": ["playing_and_exploring"],
             "text": "Maisie mixed yellow and blue paint with her hands and gasped, 'Green!' She "
                 "was fascinated by the colour changing. Next step: try printing with leaves."},
        ],
        "voices": [
            {"kind": "parent", "days_ago": 20, "text": "Maisie has a big brother at primary school "
                 "and copies everything he does! She loves animals, especially our dog Biscuit. "
                 "She still has a dummy for sleeps and has just started saying short sentences at "
                 "home."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 60,
             "summary": "Maisie is lively and affectionate and loves role play. She uses many "
                 "single words and is beginning to join two together. She plays alongside others "
                 "and sometimes snatches toys, which we support with 'my turn, your turn'. She "
                 "loves jumping. We will focus on turn-taking games and short phrases.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
        ],
    },
    {
        "key": "kofi_mensah", "given_name": "Kofi", "family_name": "Mensah", "preferred_name": None,
        "age_months": 44, "started_months_ago": 25, "setting_key": "acorns", "also_attends": [],
        "home_languages": ["twi", "english"], "send_status": "sen_support",
        "key_person": "Ngozi Adeyemi", "moving_to": None,
        "observations": [
            {"area": "PSED", "days_ago": 10, "elgs": ["PSE_E03"], "characteristics": [],
             "text": "Kofi used his 'now and next' board to move from the water tray to lunch "
                 "calmly today. He pointed to the picture and said, 'Now lunch.' This is real "
                 "progress for him. Next step: introduce a three-step visual timetable for the "
                 "morning."},
            {"area": "CL", "days_ago": 35, "elgs": ["COM_E01"],
             "characteristics": ["active_learning"],
             "text": "Kofi sang the whole number song with the actions in our small group. He is "
                 "responding to his name more often, even when he is busy playing. Next step: use "
                 "songs to practise short instructions ('stand up, clap!')."},
            {"area": "M", "days_ago": 72, "elgs": ["MAT_E12"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Kofi sorted the magnetic shapes by colour and then by shape, explaining, "
                 "'Triangles here, squares here.' He shows great focus and enjoys order. Next "
                 "step: introduce simple repeating patterns with the shapes."},
            {"area": "PSED", "days_ago": 110, "elgs": ["PSE_E05"],
             "characteristics": ["playing_and_exploring"],
             "text": "Kofi played alongside a friend at the car garage and passed him a car when "
                 "asked. He watched what his friend did and copied the ramp. Next step: short "
                 "turn-taking games with one friend, using a 'my turn' card."},
            {"area": "PD", "days_ago": 190, "elgs": ["PHY_E06"],
             "characteristics": ["active_learning"],
             "text": "Kofi loves the trampoline and counted his bounces to 20. Moving helps him "
                 "feel calm before group time. Next step: plan regular movement breaks into his "
                 "day."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 13, "text": "I like buses. Number 36 bus. Bouncing on "
                 "the trampoline. Mummy and Daddy."},
            {"kind": "parent", "days_ago": 15, "text": "Kofi is a loving boy who likes routine. "
                 "Noisy places like the supermarket can overwhelm him and he covers his ears. We "
                 "speak Twi and English at home. He knows all his numbers and letters and loves "
                 "buses. The support plan we made with nursery and the SENCO is helping."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 540,
             "summary": "Kofi is gentle and enjoys routines, numbers and songs. He uses single "
                 "words and some phrases, often repeating what he hears. He prefers to play alone "
                 "and finds changes and noise hard. With his parents we have agreed SEN support "
                 "with visual timetables and a quiet space, and advice from the SEND team.",
             "areas": {"CL": "not_yet", "PSED": "not_yet", "PD": "on_track"}},
        ],
    },
    # Little Rainbows Nursery
    {
        "key": "hafsa_iqbal", "given_name": "Hafsa", "family_name": "Iqbal", "preferred_name": None,
        "age_months": 57, "started_months_ago": 44, "setting_key": "rainbow", "also_attends": [],
        "home_languages": ["urdu", "english"], "send_status": "none",
        "key_person": "Fatima Hussain", "moving_to": "brookfield",
        "observations": [
            {"area": "L", "days_ago": 13, "elgs": ["LIT_E10"], "characteristics": ["active_learning"],
             "text": "Hafsa wrote a shopping list in the role-play shop: 'milk, egs, apls'. She "
                 "sounded out each word carefully and read the list back to me. Next step: "
                 "introduce tricky words such as 'the' and 'to' through games."},
            {"area": "PSED", "days_ago": 41, "elgs": ["PSE_E05", "PSE_E03"],
             "characteristics": [], "text": "When two friends were arguing over the dressing-up "
                 "cape, Hafsa suggested, 'You have it for this game and then swap.' Both agreed. "
                 "She is becoming a real problem-solver. Next step: give her chances to lead small "
                 "group games."},
            {"area": "M", "days_ago": 77, "elgs": ["MAT_E11"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Hafsa worked out that if she had six strawberries and gave two to a friend "
                 "she would have four left, using her fingers. 'I took away two,' she explained. "
                 "Next step: record simple number sentences with objects."},
            {"area": "CL", "days_ago": 130, "elgs": ["COM_E02"], "characteristics": [],
             "text": "Hafsa told the group about visiting her nani in Pakistan, describing the "
                 "'really hot weather' and 'mangoes as big as my hand'. She spoke clearly and "
                 "answered questions. Next step: encourage her to use new words from stories in "
                 "her own talk."},
            {"area": "UW", "days_ago": 260, "elgs": ["UTW_E13"],
             "characteristics": ["playing_and_exploring"],
             "text": "Looking at baby photos, Hafsa said, 'When I was a baby I couldn't walk, now "
                 "I can run fast.' She sorted the photos into 'then' and 'now'. Next step: make a "
                 "family timeline together."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 16, "text": "I like reading and my little brother Zayn. "
                 "My favourite is the shop. I'm proud I can write my name and my brother's name. "
                 "At big school I want to read big books."},
            {"kind": "parent", "days_ago": 18, "text": "Hafsa has been at Little Rainbows since "
                 "she was a baby. We speak Urdu and English at home. She can't wait to start "
                 "school and already reads some words. She can be a bit bossy with her brother! "
                 "She doesn't eat pork or gelatine."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 930,
             "summary": "Hafsa is sociable and chatty, using short sentences in Urdu and English. "
                 "She loves books and rhymes and is beginning to share. She moves confidently and "
                 "is very interested in mark making. We will keep offering rich talk, books in "
                 "both languages and mark-making opportunities.",
             "areas": {"CL": "exceeding", "PSED": "on_track", "PD": "on_track"}},
            {"kind": "transition_summary", "days_ago": 7,
             "summary": "Hafsa is confident, caring and articulate, and has been with us since she "
                 "was a baby. Fluent in Urdu and English, she blends simple words and writes short "
                 "lists. She is a natural leader who helps friends settle disagreements, and "
                 "benefits from turn-taking reminders. She does not eat pork or gelatine.",
             "areas": {"CL": "exceeding", "PSED": "on_track", "PD": "on_track", "L": "exceeding",
                       "M": "exceeding", "UW": "on_track", "EAD": "on_track"}},
        ],
    },
    {
        "key": "jack_harrison", "given_name": "Jack", "family_name": "Harrison",
        "preferred_name": None, "age_months": 53, "started_months_ago": 38,
        "setting_key": "rainbow", "also_attends": ["little_owls"], "home_languages": ["english"],
        "send_status": "none", "key_person": "Marcus Bennett", "moving_to": "brookfield",
        "observations": [
            {"area": "UW", "days_ago": 16, "elgs": ["UTW_E15"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Jack has been measuring his sunflower with cubes every day. Today he "
                 "announced, 'It's nine cubes now, it grew two!' He is noticing change over time. "
                 "Next step: record the heights on a simple chart together."},
            {"area": "PSED", "days_ago": 98, "elgs": ["PSE_E04"],
             "characteristics": ["active_learning"],
             "text": "Jack tidied the construction area without being asked: 'I'm being a good "
                 "tidier.' He is developing independence and takes pride in helping. Next step: "
                 "make him tidy-up captain for a week."},
            {"area": "PD", "days_ago": 160, "elgs": ["PHY_E07"], "characteristics": [],
             "text": "Jack used tweezers to pick up small pom-poms and sort them into an ice cube "
                 "tray, concentrating for a long time. Next step: practise holding a pencil with a "
                 "tripod grip."},
            {"area": "CL", "days_ago": 230, "elgs": ["COM_E02"], "characteristics": [],
             "text": "Jack explained how he and Joanne made a bird feeder: 'First you put the lard "
                 "and seeds in, then you squash it.' He used 'first' and 'then' to put events in "
                 "order. Next step: encourage him to describe his play to a friend."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 20, "text": "I like sunflowers and digging and my sister "
                 "Bella. Joanne has a garden. I'm proud of my tall sunflower."},
            {"kind": "parent", "days_ago": 24, "text": "Jack is with Joanne on Mondays and Fridays "
                 "and at nursery the other days. He lives with me and his step-dad and has a "
                 "little sister. He loves gardening, nature and building. He gets anxious about "
                 "new places, so it helps him to visit first."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 780,
             "summary": "Jack is friendly and gentle and loves being outside. He follows simple "
                 "instructions and uses short sentences. He plays alongside others and is starting "
                 "to share. His hand control is developing through scooping and pouring. We will "
                 "build on his love of nature and keep sharing his learning with his childminder.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
            {"kind": "transition_summary", "days_ago": 12,
             "summary": "Jack is kind and thoughtful, with a love of nature and gardening. He "
                 "speaks in full sentences and explains how he did things step by step. His pencil "
                 "grip is developing and he writes some letters of his name. New places make him "
                 "anxious, so a visit and a photo book of his classroom would help. He also "
                 "attends a childminder.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track", "L": "not_yet",
                       "M": "on_track", "UW": "exceeding", "EAD": "on_track"}},
        ],
    },
    {
        "key": "mateusz_wisniewski", "given_name": "Mateusz", "family_name": "Wiśniewski",
        "preferred_name": None, "age_months": 50, "started_months_ago": 17,
        "setting_key": "rainbow", "also_attends": [], "home_languages": ["polish", "english"],
        "send_status": "none", "key_person": "Agnieszka Nowak", "moving_to": "brookfield",
        "observations": [
            {"area": "CL", "days_ago": 10, "elgs": ["COM_E02"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Mateusz explained his marble run to a friend: 'If you make it steeper, it "
                 "goes faster.' He used 'steeper' correctly, a word we learnt last week. His "
                 "English vocabulary is growing fast. Next step: introduce other comparing words "
                 "such as 'higher' and 'lower'."},
            {"area": "M", "days_ago": 50, "elgs": ["MAT_E11"], "characteristics": ["active_learning"],
             "text": "Mateusz counted the children at register time, pointing to each one: "
                 "'Eighteen! Two are not here.' He knew there are usually twenty. Next step: "
                 "explore number bonds to ten using the register."},
            {"area": "PSED", "days_ago": 85, "elgs": ["PSE_E05"], "characteristics": [],
             "text": "When a new Polish-speaking boy joined us, Mateusz played trains with him and "
                 "translated: 'He says he wants the blue one.' He was kind and patient all "
                 "morning. Next step: recognise his kindness at group time."},
            {"area": "EAD", "days_ago": 200, "elgs": ["EXP_E16"],
             "characteristics": ["playing_and_exploring"],
             "text": "Mateusz built a castle with the big blocks and added a drawbridge from card "
                 "and string: 'It goes up so the dragons can't come in!' Next step: offer pulleys "
                 "and ropes outside."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 15, "text": "I like Lego and marble runs. I speak Polish "
                 "and English. My best friend is Kacper. I'm proud I built a castle with a "
                 "drawbridge."},
            {"kind": "parent", "days_ago": 19, "text": "We moved from Poland when Mateusz was two "
                 "and a half. We speak Polish at home and his English has grown so much at "
                 "nursery. He loves building, Lego and anything that moves. He can be shy in big "
                 "groups."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 480,
             "summary": "Mateusz has recently joined us and is settling well with his "
                 "Polish-speaking key person. He talks in Polish sentences at home and understands "
                 "simple English in routines. He loves building, plays alongside others and climbs "
                 "confidently. We will support his English with visuals while valuing his Polish.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
            {"kind": "transition_summary", "days_ago": 14,
             "summary": "Mateusz is thoughtful and kind and loves working out how things work. "
                 "Bilingual in Polish and English, he now speaks English in full sentences and "
                 "often helps new Polish-speaking children settle. He counts confidently beyond "
                 "20. He is quiet in big groups; small groups help him contribute.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track", "L": "on_track",
                       "M": "exceeding", "UW": "on_track", "EAD": "exceeding"}},
        ],
    },
    {
        "key": "chloe_nguyen", "given_name": "Chloe", "family_name": "Nguyen",
        "preferred_name": None, "age_months": 48, "started_months_ago": 33,
        "setting_key": "rainbow", "also_attends": [], "home_languages": ["vietnamese", "english"],
        "send_status": "none", "key_person": "Agnieszka Nowak", "moving_to": "brookfield",
        "observations": [
            {"area": "PSED", "days_ago": 12, "elgs": ["PSE_E03"], "characteristics": [],
             "text": "Chloe waited for her turn on the bikes using the sand timer and reminded a "
                 "friend, 'When the sand is all down, it's your go.' Next step: let her be in "
                 "charge of the timer for a small game."},
            {"area": "L", "days_ago": 38, "elgs": ["LIT_E09"], "characteristics": ["active_learning"],
             "text": "Chloe spotted a 'c' on the cereal box: 'That's mine! C for Chloe.' She now "
                 "recognises the first letters of several friends' names too. Next step: play "
                 "letter hunts around the room."},
            {"area": "CL", "days_ago": 145, "elgs": ["COM_E01"], "characteristics": [],
             "text": "Chloe followed a two-part instruction, 'fetch your wellies and then line up "
                 "by the door', straight away. She listens carefully at group time and asks good "
                 "questions. Next step: try three-part instructions in games."},
            {"area": "EAD", "days_ago": 160, "elgs": ["EXP_E17"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Chloe made up a ribbon dance for our Lunar New Year party and showed friends "
                 "how to twirl. She described the lion dance she saw with her grandparents. Next "
                 "step: make a lion puppet together."},
            {"area": "PD", "days_ago": 250, "elgs": ["PHY_E07"], "characteristics": [],
             "text": "In the role-play restaurant Chloe 'served noodles' (wool) with chopsticks, "
                 "with great control, and showed her friends how to hold them. Next step: offer "
                 "threading with small beads."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 22, "text": "I like dancing and my grandma's noodles. My "
                 "friends are Mia and Hafsa. I'm proud I can do a handstand against the wall."},
            {"kind": "parent", "days_ago": 22, "text": "Chloe's grandparents look after her two "
                 "afternoons a week and speak Vietnamese with her. She is quiet at first but very "
                 "determined. She loves dancing and drawing. She is allergic to peanuts and has an "
                 "auto-injector at nursery."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 690,
             "summary": "Chloe is calm and observant and watches before joining in. She uses "
                 "single words and short phrases in Vietnamese and English, and enjoys stories and "
                 "dancing. Her movement and hand control are developing well. She has a peanut "
                 "allergy with a care plan. We will encourage her to join group songs.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
            {"kind": "transition_summary", "days_ago": 18,
             "summary": "Chloe is determined and creative and loves dancing and drawing. Confident "
                 "in Vietnamese and English, she listens carefully, follows multi-step "
                 "instructions and recognises several letters. She is quiet in new situations but "
                 "soon finds her place. She has a peanut allergy, an auto-injector and an allergy "
                 "care plan.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "exceeding", "L": "on_track",
                       "M": "on_track", "UW": "on_track", "EAD": "exceeding"}},
        ],
    },
    {
        "key": "leo_griffiths", "given_name": "Leo", "family_name": "Griffiths",
        "preferred_name": None, "age_months": 55, "started_months_ago": 42,
        "setting_key": "rainbow", "also_attends": [], "home_languages": ["english"],
        "send_status": "ehc_plan", "key_person": "Marcus Bennett", "moving_to": "stmarys",
        "observations": [
            {"area": "PD", "days_ago": 9, "elgs": ["PHY_E06"],
             "characteristics": ["active_learning"],
             "text": "Leo walked the length of the garden with his walker to reach the mud "
                 "kitchen, resting halfway and then carrying on: 'I did it, Marcus!' His "
                 "physiotherapy exercises are building his stamina. Next step: set the mud kitchen "
                 "at standing height for him."},
            {"area": "PSED", "days_ago": 27, "elgs": ["PSE_E05"],
             "characteristics": ["playing_and_exploring"],
             "text": "Leo made his friends laugh by pretending the teddy was sneezing, and they "
                 "kept the game going for ages. He is popular and often chosen as a play partner. "
                 "Next step: support him to invite friends into games he leads."},
            {"area": "CL", "days_ago": 58, "elgs": ["COM_E02"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Leo told me a long story about a pirate who lost his parrot, with a "
                 "beginning, middle and end. He used words like 'suddenly' and 'luckily'. Next "
                 "step: scribe his stories so he can share them with the group."},
            {"area": "PD", "days_ago": 115, "elgs": ["PHY_E07"], "characteristics": [],
             "text": "Leo used the chunky pencil grip his occupational therapist recommended to "
                 "draw circles and lines: 'It's easier with my special pencil.' Next step: keep up "
                 "the daily playdough warm-ups from his EHC plan."},
            {"area": "L", "days_ago": 205, "elgs": ["LIT_E08"],
             "characteristics": ["active_learning"],
             "text": "Leo retold 'The Three Little Pigs' with puppets, giving each character a "
                 "different voice, and predicted what the wolf would do next. Next step: introduce "
                 "rhyming games."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 12, "text": "I like pirates and jokes. My friends are "
                 "Noah and Ava. I'm proud I can walk to the mud kitchen. At school I want to tell "
                 "jokes to my teacher."},
            {"kind": "parent", "days_ago": 14, "text": "Leo has cerebral palsy, which affects his "
                 "legs and hand control. He uses a walker, and a wheelchair for longer distances. "
                 "He is clever, funny and determined, and he hates being helped when he can do "
                 "something himself, so please ask him first. We have already met the SENCO at St "
                 "Mary's."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 870,
             "summary": "Leo is sociable and happy and loves stories and songs; he uses short "
                 "sentences. He has cerebral palsy and his physical development is less than "
                 "expected: he is not yet walking alone and needs support with sitting balance and "
                 "hand control. With his parents we will work with his physiotherapist and request "
                 "an EHC needs assessment.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "not_yet"}},
            {"kind": "transition_summary", "days_ago": 6,
             "summary": "Leo is bright, funny, determined and very popular. He has an EHC plan for "
                 "his physical needs: he uses a walker indoors and a wheelchair for longer "
                 "distances, with a physiotherapy and OT programme. Language is a real strength; "
                 "he tells detailed stories. Please ask before helping. We have met the St Mary's "
                 "SENCO and his therapists.",
             "areas": {"CL": "exceeding", "PSED": "on_track", "PD": "not_yet", "L": "on_track",
                       "M": "on_track", "UW": "on_track", "EAD": "on_track"}},
        ],
    },
    {
        "key": "ananya_krishnan", "given_name": "Ananya", "family_name": "Krishnan",
        "preferred_name": None, "age_months": 45, "started_months_ago": 20,
        "setting_key": "rainbow", "also_attends": [], "home_languages": ["tamil", "english"],
        "send_status": "none", "key_person": "Fatima Hussain", "moving_to": None,
        "observations": [
            {"area": "EAD", "days_ago": 15, "elgs": ["EXP_E16"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Ananya made a kolam pattern with coloured rice on a tray, carefully matching "
                 "the petals on each side. She told me, 'Paati draws one at our door every "
                 "morning.' Next step: offer mirrors to explore symmetry."},
            {"area": "CL", "days_ago": 42, "elgs": ["COM_E02"], "characteristics": [],
             "text": "Ananya told a story with the small-world farm: 'The cow is hungry so she "
                 "goes to the field and eats grass, then she is happy.' She linked her ideas with "
                 "'so' and 'then'. Next step: model 'because' in our conversations."},
            {"area": "PSED", "days_ago": 90, "elgs": ["PSE_E04"],
             "characteristics": ["active_learning"],
             "text": "Ananya poured her own water at lunch and wiped up a small spill without any "
                 "fuss. She is becoming very independent. Next step: encourage her to serve "
                 "herself from the bowls."},
            {"area": "M", "days_ago": 170, "elgs": ["MAT_E12"],
             "characteristics": ["playing_and_exploring"],
             "text": "Ananya built two towers and compared them: 'This one is taller than this "
                 "one.' Next step: order three towers by height."},
        ],
        "voices": [
            {"kind": "parent", "days_ago": 25, "text": "Ananya lives with us and her paati "
                 "(grandmother), who speaks Tamil with her. She loves drawing, music and helping "
                 "in the kitchen. She is a little shy with big, noisy groups of children. She is "
                 "vegetarian."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 540,
             "summary": "Ananya is gentle and thoughtful and enjoys creative, quiet play. She "
                 "understands Tamil and English well and uses short phrases in both. She watches "
                 "others with interest and is beginning to join small group play. She is "
                 "physically confident. We will help her join group activities alongside a "
                 "familiar friend.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
        ],
    },
    {
        "key": "darius_popescu", "given_name": "Darius", "family_name": "Popescu",
        "preferred_name": None, "age_months": 40, "started_months_ago": 22,
        "setting_key": "rainbow", "also_attends": [], "home_languages": ["romanian", "english"],
        "send_status": "sen_support", "key_person": "Agnieszka Nowak", "moving_to": None,
        "observations": [
            {"area": "CL", "days_ago": 6, "elgs": ["COM_E02"], "characteristics": [],
             "text": "Darius played the 'tap and drum' game from his speech therapist and said "
                 "'dog' clearly for the first time. He was delighted and said it again and again! "
                 "Next step: keep up the daily five-minute sound games in his support plan."},
            {"area": "PD", "days_ago": 31, "elgs": ["PHY_E06"],
             "characteristics": ["active_learning"],
             "text": "Darius rode a trike round the track, steering around the cones and stopping "
                 "at the traffic lights. 'Red! Stop!' he shouted. Next step: introduce a pedal "
                 "bike with stabilisers."},
            {"area": "PSED", "days_ago": 75, "elgs": ["PSE_E05"],
             "characteristics": ["playing_and_exploring"],
             "text": "Darius built a car wash with friends using crates and sponges, using "
                 "gestures and words to show them where to drive. Next step: model words for his "
                 "friends to help them understand him."},
            {"area": "UW", "days_ago": 140, "elgs": ["UTW_E14"], "characteristics": [],
             "text": "Darius showed us a photo of his bunica and told us, 'My bunica! Far. "
                 "Aeroplane.' Next step: find Romania on a map together."},
        ],
        "voices": [
            {"kind": "parent", "days_ago": 18, "text": "Darius speaks mostly Romanian at home and "
                 "some English. People sometimes find him hard to understand and that upsets him. "
                 "The speech therapy games are fun and we do them at bath time. He loves cars, "
                 "tractors and his baby brother."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 420,
             "summary": "Darius is energetic and friendly and loves vehicles and outdoor play. He "
                 "understands Romanian and simple English, but his speech is unclear in both and "
                 "he is often not understood, which frustrates him. With his parents' agreement we "
                 "will refer him to speech and language therapy and use visual supports.",
             "areas": {"CL": "not_yet", "PSED": "on_track", "PD": "on_track"}},
        ],
    },
    {
        "key": "poppy_atkinson", "given_name": "Poppy", "family_name": "Atkinson",
        "preferred_name": None, "age_months": 36, "started_months_ago": 11,
        "setting_key": "rainbow", "also_attends": ["little_owls"], "home_languages": ["english"],
        "send_status": "none", "key_person": "Marcus Bennett", "moving_to": None,
        "observations": [
            {"area": "CL", "days_ago": 7, "elgs": [], "characteristics": ["playing_and_exploring"],
             "text": "Poppy chatted on the toy phone: 'Hello Joanne, I'm at nursery, bye!' She "
                 "used a whole sentence in her pretend play. Next step: put a notepad by the phone "
                 "for mark making."},
            {"area": "PSED", "days_ago": 29, "elgs": ["PSE_E04"], "characteristics": [],
             "text": "Poppy now tells us when she needs the toilet and is dry all session. She was "
                 "very proud and told everyone at lunch. Next step: keep celebrating her "
                 "independence."},
            {"area": "PD", "days_ago": 66, "elgs": ["PHY_E07"],
             "characteristics": ["active_learning"],
             "text": "Poppy threaded big wooden beads onto a lace to make 'a necklace for Mummy', "
                 "using a neat pincer grip. Next step: offer smaller beads."},
            {"area": "EAD", "days_ago": 150, "elgs": ["EXP_E17"], "characteristics": [],
             "text": "Poppy sang 'Twinkle, Twinkle' to her doll and made up a new verse about a "
                 "star 'on my bed'. Next step: offer instruments to go with her songs."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 9, "text": "I like Joanne's dog Pip and my pink wellies. "
                 "I'm big now!"},
            {"kind": "parent", "days_ago": 9, "text": "Poppy goes to Joanne's on Wednesdays and "
                 "Thursdays and loves the little dog there. She's our only child and lives with me "
                 "and her dad. She's recently out of nappies and very proud of it! She can be "
                 "clingy when she's tired."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 270,
             "summary": "Poppy is bright and chatty, uses short sentences and loves pretend play. "
                 "She has strong bonds with her key people here and at her childminder's. She is "
                 "confident climbing and enjoys messy play. Goodbyes can be hard, so we will use "
                 "the same goodbye routine as her childminder.",
             "areas": {"CL": "exceeding", "PSED": "on_track", "PD": "on_track"}},
        ],
    },
    {
        "key": "sami_haddad", "given_name": "Sami", "family_name": "Haddad", "preferred_name": None,
        "age_months": 33, "started_months_ago": 5, "setting_key": "rainbow", "also_attends": [],
        "home_languages": ["arabic", "english"], "send_status": "none",
        "key_person": "Fatima Hussain", "moving_to": None,
        "observations": [
            {"area": "PSED", "days_ago": 3, "elgs": ["PSE_E05"], "characteristics": [],
             "text": "Sami brought a book to me and climbed onto my lap: 'Read!' In his first "
                 "months he has come to seek out his key person for comfort and fun. Next step: "
                 "encourage him to share books with a friend."},
            {"area": "CL", "days_ago": 18, "elgs": [], "characteristics": ["playing_and_exploring"],
             "text": "Sami sang along to 'The Wheels on the Bus' with all the actions, joining in "
                 "with 'round and round'. He uses Arabic and English words. Next step: learn an "
                 "Arabic song from his family to share with the group."},
            {"area": "UW", "days_ago": 40, "elgs": ["UTW_E15"],
             "characteristics": ["active_learning"],
             "text": "Sami watched the rain running down the window and traced the drops with his "
                 "finger: 'Rain! Water falling!' Next step: go out in puddle suits to explore the "
                 "rain."},
            {"area": "PD", "days_ago": 95, "elgs": ["PHY_E06"],
             "characteristics": ["active_learning"],
             "text": "Sami kicked the big ball across the garden and chased after it, laughing. He "
                 "walks confidently on the bumpy grass. Next step: play kicking games with a "
                 "target."},
        ],
        "voices": [
            {"kind": "parent", "days_ago": 4, "text": "We moved to England from Jordan last year. "
                 "At home we speak Arabic, and Sami is picking up English fast from nursery and "
                 "his cousins. He loves cars, music and dancing. He naps after lunch and is grumpy "
                 "if he misses it."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 90,
             "summary": "Sami joined us recently and is settling well. He understands Arabic and "
                 "is learning English, using single words and short phrases in both. He enjoys "
                 "music and outdoor play and seeks out his key person for comfort. We will support "
                 "his English with songs, pictures and routines and learn key Arabic words.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
        ],
    },
    {
        "key": "ruby_oconnor", "given_name": "Ruby", "family_name": "O'Connor",
        "preferred_name": None, "age_months": 30, "started_months_ago": 8, "setting_key": "rainbow",
        "also_attends": [], "home_languages": ["english"], "send_status": "none",
        "key_person": "Marcus Bennett", "moving_to": None,
        "observations": [
            {"area": "PSED", "days_ago": 2, "elgs": [],
             "characteristics": ["playing_and_exploring"],
             "text": "Ruby handed a friend a spade in the sandpit: 'Here you go.' She is beginning "
                 "to notice what others need. Next step: model simple sharing words in play."},
            {"area": "CL", "days_ago": 24, "elgs": [], "characteristics": [],
             "text": "Ruby named her family on our family wall: 'Mammy, Daddy, Nana, Finn.' She is "
                 "putting two words together, such as 'Daddy car'. Next step: talk about her "
                 "photos together to build her vocabulary."},
            {"area": "PD", "days_ago": 70, "elgs": ["PHY_E07"],
             "characteristics": ["active_learning"],
             "text": "Ruby made big circles and dots with chunky chalk on the path, holding it in "
                 "her fist and moving her whole arm. Next step: offer big brushes and water to "
                 "'paint' the fence."},
            {"area": "EAD", "days_ago": 130, "elgs": ["EXP_E16"],
             "characteristics": ["playing_and_exploring"],
             "text": "Ruby squeezed the cornflour gloop and watched it drip through her fingers: "
                 "'Sticky!' she laughed. Next step: add colour and spoons to the messy tray."},
        ],
        "voices": [
            {"kind": "parent", "days_ago": 6, "text": "Ruby is our second; her big brother Finn is "
                 "in Year 1. She loves animals, Peppa Pig and the swings. She still naps for an "
                 "hour after lunch. Her nana collects her on Wednesdays."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 120,
             "summary": "Ruby is cheerful and busy and loves the outdoors and messy play. She uses "
                 "around 50 words and is beginning to join two together. She plays alongside "
                 "others and is starting to share with encouragement. She walks, runs and climbs "
                 "steps confidently. We will keep extending her language through songs and play.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
        ],
    },
    # Meadowside Community Pre-School
    {
        "key": "grace_adebayo", "given_name": "Grace", "family_name": "Adebayo",
        "preferred_name": None, "age_months": 52, "started_months_ago": 24, "setting_key": "meadow",
        "also_attends": [], "home_languages": ["yoruba", "english"], "send_status": "none",
        "key_person": "Leanne Cooper", "moving_to": "stmarys",
        "observations": [
            {"area": "CL", "days_ago": 8, "elgs": ["COM_E02"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Grace told the whole group about her new baby brother: 'He can't eat food "
                 "yet, only milk, because he hasn't got teeth.' She spoke clearly and confidently. "
                 "Next step: encourage her to ask questions about other children's news."},
            {"area": "PSED", "days_ago": 34, "elgs": ["PSE_E03"], "characteristics": [],
             "text": "When Grace's tower was knocked over by accident she said, 'That's OK, it was "
                 "an accident,' and started again. She managed her feelings calmly. Next step: ask "
                 "her to help friends when things go wrong for them."},
            {"area": "L", "days_ago": 70, "elgs": ["LIT_E09"], "characteristics": ["active_learning"],
             "text": "In our phonics game Grace blended and read 'cat', 'sun' and 'pig'. She was "
                 "thrilled: 'I can read!' Next step: introduce simple captions to read."},
            {"area": "M", "days_ago": 115, "elgs": ["MAT_E11"], "characteristics": [],
             "text": "Grace shared ten grapes with a friend, 'one for you, one for me', then said, "
                 "'We've both got five.' Next step: explore halving other amounts."},
            {"area": "UW", "days_ago": 210, "elgs": ["UTW_E14"],
             "characteristics": ["playing_and_exploring"],
             "text": "Grace came in wearing her aso-oke from her aunty's wedding and told us about "
                 "the music and dancing, then showed us the steps. Next step: add fabrics and "
                 "photos from many celebrations to the role-play area."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 11, "text": "I like reading books and dancing at "
                 "parties. I'm a big sister now. I'm proud I can read 'cat'. At big school I want "
                 "to have a lunchbox."},
            {"kind": "parent", "days_ago": 13, "text": "Grace has just become a big sister and is "
                 "handling it wonderfully. We speak Yoruba and English at home. She loves books "
                 "and would read all day if she could. She's excited but a little nervous about "
                 "school."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 660,
             "summary": "Grace is lively and sociable, talks in English sentences and understands "
                 "lots of Yoruba. She loves books and can name many pictures. She plays "
                 "cooperatively for short periods, runs and climbs, and is starting to use "
                 "one-handed tools. We will keep encouraging her love of stories.",
             "areas": {"CL": "exceeding", "PSED": "on_track", "PD": "on_track"}},
            {"kind": "transition_summary", "days_ago": 15,
             "summary": "Grace is bright and confident with a real love of books. She blends and "
                 "reads simple words and is beginning to write captions. She speaks confidently to "
                 "a group and manages her feelings well, and has handled becoming a big sister "
                 "beautifully. She will thrive on challenge in reading.",
             "areas": {"CL": "exceeding", "PSED": "on_track", "PD": "on_track", "L": "exceeding",
                       "M": "on_track", "UW": "on_track", "EAD": "on_track"}},
        ],
    },
    {
        "key": "harry_simpson", "given_name": "Harry", "family_name": "Simpson",
        "preferred_name": None, "age_months": 58, "started_months_ago": 26, "setting_key": "meadow",
        "also_attends": [], "home_languages": ["english"], "send_status": "sen_support",
        "key_person": "Leanne Cooper", "moving_to": "stmarys",
        "observations": [
            {"area": "PD", "days_ago": 5, "elgs": ["PHY_E07"],
             "characteristics": ["active_learning"],
             "text": "Harry did his putty warm-up before drawing and then drew a face with eyes, "
                 "nose and mouth: 'That's my dad!' The warm-ups are building his hand strength. "
                 "Next step: continue the warm-up before mark making, as in his support plan."},
            {"area": "PSED", "days_ago": 22, "elgs": ["PSE_E03"], "characteristics": [],
             "text": "When the hand dryer was loud, Harry put on his ear defenders himself and "
                 "said, 'Too loud for me.' He is learning to recognise and manage what he finds "
                 "hard. Next step: help him tell an adult when he needs a break in the quiet "
                 "corner."},
            {"area": "UW", "days_ago": 60, "elgs": ["UTW_E15"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Harry is our dinosaur expert. He told a group, 'Stegosaurus ate plants, not "
                 "meat, so it wasn't scary,' and remembered many facts from his book. Next step: "
                 "make a dinosaur fact book with Harry as the author."},
            {"area": "CL", "days_ago": 100, "elgs": ["COM_E01"], "characteristics": [],
             "text": "Sitting on a wobble cushion, Harry listened to the whole story and answered "
                 "questions about what happened. Next step: keep the cushion and a fidget toy for "
                 "carpet time."},
            {"area": "PSED", "days_ago": 190, "elgs": ["PSE_E05"],
             "characteristics": ["playing_and_exploring"],
             "text": "Harry played 'dinosaur rescue' with two friends and agreed who would be "
                 "which dinosaur. When they both wanted the same one he said, 'We can both be T. "
                 "rex.' Next step: support him to join games other children lead."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 16, "text": "I like dinosaurs, especially Stegosaurus. I "
                 "don't like loud noises. My friend is Musa. I'm proud I drew my dad."},
            {"kind": "parent", "days_ago": 16, "text": "Harry is a clever, loving boy who knows "
                 "everything about dinosaurs. He finds loud noises, crowds and some clothes "
                 "(labels, socks!) hard and can get upset if it's too much. Ear defenders and "
                 "heavy jobs like carrying things help. We'd like his SEN support to carry on at "
                 "school."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 720,
             "summary": "Harry is friendly, loves facts and talks in long sentences with a wide "
                 "vocabulary. Noisy, busy times upset him, he avoids messy play, and his hand "
                 "control is less developed than expected. With his parents we will start SEN "
                 "support: ear defenders, a quiet space and daily fine motor play, with the area "
                 "SENCO's advice.",
             "areas": {"CL": "exceeding", "PSED": "not_yet", "PD": "not_yet"}},
            {"kind": "transition_summary", "days_ago": 12,
             "summary": "Harry is knowledgeable and friendly and loves dinosaur facts. He has SEN "
                 "support for sensory processing and fine motor skills: ear defenders, a wobble "
                 "cushion, movement breaks and daily hand-strengthening. He now asks for a break "
                 "when he needs one and forms some letters with support. Advance warning of "
                 "changes helps him.",
             "areas": {"CL": "exceeding", "PSED": "on_track", "PD": "not_yet", "L": "not_yet",
                       "M": "on_track", "UW": "exceeding", "EAD": "on_track"}},
        ],
    },
    {
        "key": "noor_khan", "given_name": "Noor", "family_name": "Khan", "preferred_name": None,
        "age_months": 50, "started_months_ago": 22, "setting_key": "meadow", "also_attends": [],
        "home_languages": ["punjabi", "english"], "send_status": "none",
        "key_person": "Aisha Rahman", "moving_to": "brookfield",
        "observations": [
            {"area": "PSED", "days_ago": 12, "elgs": ["PSE_E05"], "characteristics": [],
             "text": "Noor noticed a new child standing by the door, took her hand and said, 'Come "
                 "and play in the kitchen with me.' She showed her where everything was. Next "
                 "step: invite Noor to be a buddy for new children."},
            {"area": "M", "days_ago": 48, "elgs": ["MAT_E12"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Noor threaded beads in a pattern of two red, one yellow and continued it to "
                 "the end of the string: 'It goes red, red, yellow, again!' Next step: challenge "
                 "her to make a pattern for a friend to continue."},
            {"area": "CL", "days_ago": 92, "elgs": ["COM_E02"], "characteristics": [],
             "text": "In the role-play vet's Noor explained, 'The puppy has a poorly paw, so I'll "
                 "put a bandage on and he needs to rest.' She used new words from our topic. Next "
                 "step: add clipboards so she can write notes."},
            {"area": "EAD", "days_ago": 170, "elgs": ["EXP_E16"],
             "characteristics": ["playing_and_exploring"],
             "text": "Noor decorated paper hands with swirling mehndi-style patterns she had seen "
                 "at her cousin's wedding, working slowly and carefully. Next step: look at "
                 "patterns from around the world together."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 18, "text": "I like cooking roti with Dadi and playing "
                 "vets. My friend is Isla. My brothers go to big school. I'm proud I can ride my "
                 "scooter."},
            {"kind": "parent", "days_ago": 20, "text": "Noor lives with us, her two older brothers "
                 "and her grandparents. We speak Punjabi and English at home. She loves helping, "
                 "cooking with her dadi and playing with her brothers. She's so excited to go to "
                 "Brookfield like them."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 600,
             "summary": "Noor is happy and sociable and uses short sentences in Punjabi and "
                 "English. She plays alongside others and is starting to play cooperatively. She "
                 "enjoys role play and helping, and is physically confident. We will support her "
                 "language in both languages through stories and songs.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
            {"kind": "transition_summary", "days_ago": 14,
             "summary": "Noor is warm, kind and sociable and makes everyone feel welcome. "
                 "Bilingual in Punjabi and English, she speaks confidently in full sentences. She "
                 "enjoys role play, patterns and making things, counts to 20 and is beginning to "
                 "write her name. Her older brothers are at Brookfield and she can't wait to join "
                 "them.",
             "areas": {"CL": "on_track", "PSED": "exceeding", "PD": "on_track", "L": "on_track",
                       "M": "on_track", "UW": "on_track", "EAD": "on_track"}},
        ],
    },
    {
        "key": "ethan_liu", "given_name": "Ethan", "family_name": "Liu", "preferred_name": None,
        "age_months": 48, "started_months_ago": 12, "setting_key": "meadow", "also_attends": [],
        "home_languages": ["mandarin", "english"], "send_status": "none",
        "key_person": "Aisha Rahman", "moving_to": "stmarys",
        "observations": [
            {"area": "M", "days_ago": 14, "elgs": ["MAT_E11"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Ethan counted the pips in his apple: 'Six! Yesterday's had five, so this one "
                 "has one more.' He loves numbers and notices them everywhere. Next step: explore "
                 "numbers beyond ten with him."},
            {"area": "PSED", "days_ago": 40, "elgs": ["PSE_E05"], "characteristics": [],
             "text": "Ethan asked a friend, 'Can I build with you?' and together they made a long "
                 "train track. When he joined us he preferred to play alone. Next step: encourage "
                 "him to join group games in the garden."},
            {"area": "CL", "days_ago": 85, "elgs": ["COM_E01"],
             "characteristics": ["active_learning"],
             "text": "When his mum read a Mandarin story to the group, Ethan helped to translate: "
                 "'The tiger is saying hello.' He listens well in both languages. Next step: "
                 "invite his mum back to read another story."},
            {"area": "PD", "days_ago": 150, "elgs": ["PHY_E06"], "characteristics": [],
             "text": "Ethan hopped five times on one foot and then on the other: 'Look, I'm a "
                 "kangaroo!' Next step: try skipping."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 13, "text": "I like trains and puzzles and counting to a "
                 "hundred. My friend is Musa. I'm proud I can hop like a kangaroo. At big school I "
                 "want to do sums."},
            {"kind": "parent", "days_ago": 16, "text": "Ethan joined pre-school last year when we "
                 "moved from Manchester. We speak Mandarin at home. He loves numbers, trains and "
                 "puzzles. He is quiet at first but opens up once he knows people."},
        ],
        "assessments": [
            {"kind": "transition_summary", "days_ago": 11,
             "summary": "Ethan is thoughtful and curious and loves numbers, puzzles and trains. He "
                 "speaks Mandarin at home and English at pre-school, confidently in both. He has "
                 "grown in confidence this year and now asks to join friends' play. He listens "
                 "carefully and would enjoy maths challenges.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track", "L": "on_track",
                       "M": "exceeding", "UW": "on_track", "EAD": "on_track"}},
        ],
    },
    {
        "key": "isla_robertson", "given_name": "Isla", "family_name": "Robertson",
        "preferred_name": None, "age_months": 47, "started_months_ago": 9, "setting_key": "meadow",
        "also_attends": [], "home_languages": ["english"], "send_status": "none",
        "key_person": "Leanne Cooper", "moving_to": "brookfield",
        "observations": [
            {"area": "PSED", "days_ago": 6, "elgs": ["PSE_E04"], "characteristics": [],
             "text": "Isla put on her own apron at the painting table and hung it back on the peg "
                 "afterwards. She has become much more independent since she joined us. Next step: "
                 "encourage her to choose and get out her own resources."},
            {"area": "CL", "days_ago": 30, "elgs": ["COM_E02"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Isla explained why her boat sank: 'It was too heavy, I put too many pennies "
                 "in it.' She is using words like 'too' and 'because' to explain her thinking. "
                 "Next step: plan a floating and sinking investigation with her."},
            {"area": "EAD", "days_ago": 75, "elgs": ["EXP_E17"],
             "characteristics": ["playing_and_exploring"],
             "text": "Isla turned the den into a hospital for teddies, with herself as the doctor: "
                 "'Lie down, I'll listen to your heart.' Next step: add a toy stethoscope and "
                 "appointment cards."},
            {"area": "L", "days_ago": 140, "elgs": ["LIT_E10"],
             "characteristics": ["active_learning"],
             "text": "Isla wrote 'I' and 's' and then a long squiggle, telling me, 'That says Isla "
                 "Robertson.' Next step: practise her name with letter cards and magnetic "
                 "letters."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 8, "text": "I like swimming and my cat Misty. My friend "
                 "is Noor. I'm proud I can swim without armbands. At big school I want to do PE."},
            {"kind": "parent", "days_ago": 8, "text": "Isla's dad is in the Army and we moved here "
                 "from Scotland recently, so she's had lots of changes. She likes to know what's "
                 "coming next. She loves swimming, her cat and Frozen, and she sometimes misses "
                 "her old friends."},
        ],
        "assessments": [
            {"kind": "transition_summary", "days_ago": 9,
             "summary": "Isla is friendly and imaginative; she joined us this year after moving "
                 "from Scotland and settled quickly. She is independent, explains her thinking "
                 "clearly, loves role play and is beginning to write her name. Hers is a Forces "
                 "family and change can unsettle her, so a steady routine and notice of changes "
                 "help.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track", "L": "on_track",
                       "M": "on_track", "UW": "on_track", "EAD": "on_track"}},
        ],
    },
    {
        "key": "musa_diallo", "given_name": "Musa", "family_name": "Diallo", "preferred_name": None,
        "age_months": 41, "started_months_ago": 17, "setting_key": "meadow", "also_attends": [],
        "home_languages": ["french", "wolof", "english"], "send_status": "none",
        "key_person": "Aisha Rahman", "moving_to": None,
        "observations": [
            {"area": "PD", "days_ago": 9, "elgs": ["PHY_E06"],
             "characteristics": ["active_learning"],
             "text": "Musa climbed to the top of the climbing frame and called, 'Look how high I "
                 "am!' He came down carefully, checking each step. He is learning to judge risk. "
                 "Next step: set up an obstacle course with crawling and balancing."},
            {"area": "CL", "days_ago": 36, "elgs": ["COM_E02"], "characteristics": [],
             "text": "Musa told me, 'Papa made thiéboudienne, it's rice and fish.' He is happy to "
                 "share words from home. Next step: invite him to teach friends a word in French "
                 "or Wolof."},
            {"area": "PSED", "days_ago": 80, "elgs": ["PSE_E05"],
             "characteristics": ["playing_and_exploring"],
             "text": "Musa joined a dinosaur game and made up the rules: 'The dinosaurs have to "
                 "sleep when I say.' The others went along with it! Next step: support him to "
                 "listen to other children's ideas too."},
            {"area": "M", "days_ago": 160, "elgs": ["MAT_E11"], "characteristics": [],
             "text": "Musa counted five cars onto the car transporter: 'It's full now. Five.' Next "
                 "step: count beyond five with him in everyday routines."},
        ],
        "voices": [
            {"kind": "parent", "days_ago": 12, "text": "Musa speaks French and Wolof with us and "
                 "English with his big sister. He has lots of energy and loves climbing and "
                 "football. He loves rice dishes but is fussy about vegetables."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 450,
             "summary": "Musa is energetic and sociable and loves physical play. He understands "
                 "French, Wolof and English and uses short phrases, mostly in French at home and "
                 "English here. He enjoys playing with others and is still learning to share. He "
                 "climbs and runs with real confidence. We will support turn-taking through small "
                 "games.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "exceeding"}},
        ],
    },
    {
        "key": "evie_jenkins", "given_name": "Evie", "family_name": "Jenkins",
        "preferred_name": None, "age_months": 37, "started_months_ago": 12, "setting_key": "meadow",
        "also_attends": [], "home_languages": ["english"], "send_status": "none",
        "key_person": "Leanne Cooper", "moving_to": None,
        "observations": [
            {"area": "CL", "days_ago": 11, "elgs": ["COM_E01"], "characteristics": [],
             "text": "At tidy-up time Evie listened to the instruction and put the bricks in the "
                 "right box, then asked, 'Where do the dinosaurs go?' Next step: label boxes with "
                 "pictures so she can find things herself."},
            {"area": "PSED", "days_ago": 39, "elgs": ["PSE_E05"],
             "characteristics": ["playing_and_exploring"],
             "text": "Evie played with the dolls' house alongside a friend, taking turns to move "
                 "the family: 'Your turn now.' Next step: introduce simple board games with one "
                 "friend."},
            {"area": "UW", "days_ago": 72, "elgs": ["UTW_E15"],
             "characteristics": ["active_learning"],
             "text": "Evie checked our tadpoles every morning and was the first to notice, "
                 "'They've got legs now!' Next step: look at a book about the frog life cycle "
                 "together."},
            {"area": "EAD", "days_ago": 270, "elgs": ["EXP_E16"],
             "characteristics": ["playing_and_exploring"],
             "text": "Evie made a collage of leaves and feathers, choosing only the orange ones: "
                 "'Orange is my favourite!' Next step: go on a colour hunt in the garden."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 11, "text": "I like tadpoles and orange and my brother "
                 "Jacob. I'm proud I can do a puzzle."},
            {"kind": "parent", "days_ago": 12, "text": "Evie lives with me and her two brothers, "
                 "and her dad has her every other weekend. She's a happy girl who loves animals "
                 "and painting. She is a bit nervous of dogs."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 300,
             "summary": "Evie is a happy, settled girl who uses short sentences and enjoys "
                 "stories. She plays alongside others and is starting to take turns. She walks, "
                 "climbs and uses small tools confidently. We will continue to support her growing "
                 "friendships.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
        ],
    },
    {
        "key": "tomas_petrauskas", "given_name": "Tomas", "family_name": "Petrauskas",
        "preferred_name": None, "age_months": 34, "started_months_ago": 6, "setting_key": "meadow",
        "also_attends": [], "home_languages": ["lithuanian", "english"], "send_status": "none",
        "key_person": "Aisha Rahman", "moving_to": None,
        "observations": [
            {"area": "PSED", "days_ago": 4, "elgs": [], "characteristics": [],
             "text": "Tomas waved goodbye to his mum and came straight in to play with the cars. "
                 "In his first weeks he needed lots of comfort, so this is a big step. Next step: "
                 "keep the greeting routine he likes."},
            {"area": "CL", "days_ago": 25, "elgs": [], "characteristics": ["playing_and_exploring"],
             "text": "Tomas said 'car' and 'mašina' as he pushed cars down the ramp, using both "
                 "languages. Next step: model short English phrases such as 'fast car'."},
            {"area": "PD", "days_ago": 60, "elgs": ["PHY_E06"],
             "characteristics": ["active_learning"],
             "text": "Tomas climbed onto the little trampoline and jumped with both feet, holding "
                 "the bar and laughing: 'Again!' Next step: practise two-footed jumps on the "
                 "floor."},
            {"area": "UW", "days_ago": 120, "elgs": ["UTW_E15"],
             "characteristics": ["playing_and_exploring"],
             "text": "Tomas collected stones in a bucket in the garden and tipped them out to hear "
                 "the clatter, again and again. Next step: offer different containers to explore "
                 "sounds."},
        ],
        "voices": [
            {"kind": "parent", "days_ago": 5, "text": "Tomas is our first child. We speak "
                 "Lithuanian at home. He loves cars, his grandad's tractor and being outside. He "
                 "still has a bottle of milk at bedtime."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 150,
             "summary": "Tomas is curious and settling well. He understands Lithuanian, is "
                 "starting to understand familiar English words and uses single words in both. He "
                 "loves exploring outdoors and is beginning to play near other children. We will "
                 "support his English with pictures and songs and learn key Lithuanian words.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
        ],
    },
    # Little Owls Childminding (Joanne Hughes)
    {
        "key": "alfie_barker", "given_name": "Alfie", "family_name": "Barker",
        "preferred_name": None, "age_months": 44, "started_months_ago": 30,
        "setting_key": "little_owls", "also_attends": [], "home_languages": ["english"],
        "send_status": "none", "key_person": "Joanne Hughes", "moving_to": None,
        "observations": [
            {"area": "UW", "days_ago": 7, "elgs": ["UTW_E15"],
             "characteristics": ["playing_and_exploring"],
             "text": "On our walk to the pond Alfie noticed the ducklings had grown: 'They're not "
                 "fluffy now, they've got feathers!' We talked about how animals change. Next "
                 "step: look back at our spring photos of the ducklings."},
            {"area": "PSED", "days_ago": 26, "elgs": ["PSE_E04"], "characteristics": [],
             "text": "Alfie helped me make lunch, buttering the bread and putting out the plates. "
                 "'I'm the chef today,' he said proudly. Next step: let him choose and prepare a "
                 "snack each week."},
            {"area": "M", "days_ago": 65, "elgs": ["MAT_E11"], "characteristics": ["active_learning"],
             "text": "At the greengrocer's Alfie counted out three apples, 'one, two, three', and "
                 "handed over the coins. Next step: play shops with price labels."},
            {"area": "CL", "days_ago": 130, "elgs": ["COM_E02"],
             "characteristics": ["creating_and_thinking_critically"],
             "text": "Alfie told his mum at pick-up about the fire engine we saw: 'It was going "
                 "nee-naw really fast to help someone.' He is linking ideas in longer sentences. "
                 "Next step: visit the fire station open day."},
            {"area": "PSED", "days_ago": 240, "elgs": ["PSE_E05"], "characteristics": [],
             "text": "Alfie showed the little ones how to feed the ducks gently: 'Little pieces, "
                 "like this.' He is caring and patient. Next step: keep giving him a 'big helper' "
                 "job."},
        ],
        "voices": [
            {"kind": "child", "days_ago": 15, "text": "I like fire engines and the ducks at the "
                 "pond. Joanne is my friend. I'm a good chef."},
            {"kind": "parent", "days_ago": 18, "text": "Alfie has been with Joanne since he was a "
                 "baby and she's like family to us. He lives with me and his grandad. He loves "
                 "fire engines, ducks and helping in the kitchen."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 540,
             "summary": "Alfie is happy and confident and loves helping and being outdoors. He "
                 "uses simple sentences and understands everyday instructions. He is kind to the "
                 "younger children and plays alongside them. He is physically active. I will keep "
                 "extending his vocabulary on our walks and outings.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
        ],
    },
    {
        "key": "mariam_yilmaz", "given_name": "Mariam", "family_name": "Yılmaz",
        "preferred_name": None, "age_months": 32, "started_months_ago": 20,
        "setting_key": "little_owls", "also_attends": [], "home_languages": ["turkish", "english"],
        "send_status": "none", "key_person": "Joanne Hughes", "moving_to": None,
        "observations": [
            {"area": "CL", "days_ago": 10, "elgs": [], "characteristics": [],
             "text": "Mariam sang 'Baby Shark' on the way to the park and then a Turkish song her "
                 "anneanne sings. She now puts two and three words together. Next step: sing more "
                 "songs in both languages together."},
            {"area": "PSED", "days_ago": 31, "elgs": ["PSE_E03"], "characteristics": [],
             "text": "Mariam wanted the swing another child was on and cried. With support she "
                 "waited, watching the sand timer, and then had a long turn. Next step: keep using "
                 "the timer to help her wait."},
            {"area": "EAD", "days_ago": 160, "elgs": ["EXP_E17"],
             "characteristics": ["playing_and_exploring"],
             "text": "Mariam put teddy to bed, 'read' him a story and sang to him: 'Teddy sleeping "
                 "now.' Next step: add a blanket and a book to extend her play."},
            {"area": "PD", "days_ago": 200, "elgs": ["PHY_E07"],
             "characteristics": ["active_learning"],
             "text": "Mariam peeled her own satsuma at snack time, using her fingers carefully, "
                 "and offered me a piece! Next step: offer playdough to strengthen her fingers."},
        ],
        "voices": [
            {"kind": "parent", "days_ago": 12, "text": "Mariam lives with us and her anneanne "
                 "(grandmother), who speaks Turkish with her. She loves swings, baby dolls and her "
                 "big cousin. She's fussy with food but loves fruit."},
        ],
        "assessments": [
            {"kind": "progress_check_at_two", "days_ago": 180,
             "summary": "Mariam is affectionate, lively and settled here. She understands Turkish "
                 "and English and is starting to put two words together. Waiting and sharing can "
                 "be hard, so we are practising with a sand timer. She walks, runs and climbs "
                 "confidently. I will keep supporting turn-taking, and songs in both languages.",
             "areas": {"CL": "on_track", "PSED": "on_track", "PD": "on_track"}},
        ],
    },
]
# fmt: on


PARENTS: list[DemoParent] = [
    {
        "child_key": "amara_okonkwo",
        "name": "Chioma Okonkwo",
        "email": "chioma.okonkwo@home.example.org",
        "relationship": "mother",
        "shared_observations": 3,
        "moment": {
            "days_ago": 2,
            "text": "At the weekend Amara planted sunflower seeds with her grandad and told "
            "him they need 'water, sun and patience'. She has checked the pot every "
            "morning since.",
        },
    },
]
