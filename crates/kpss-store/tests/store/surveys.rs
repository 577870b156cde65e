//! Surveys: questions fixed by the first answer, one answer per organisation, answers written
//! whole or not at all, and what they add up to, split by another question.

use kpss_domain::survey::{
    self as rules, Answer, QuestionDraft, QuestionInput, Respondent, SurveyDraft, SurveyInput,
};
use kpss_store::survey::{self, Answering, Channel};

use super::*;

on_both_databases!(surveys_take_one_answer_per_organisation_and_count_them);

fn question(text: &str, kind: &str, options: &str) -> QuestionDraft {
    QuestionDraft::parse(&QuestionInput {
        text,
        kind,
        options,
        required: true,
        other: true,
        ..QuestionInput::default()
    })
    .unwrap()
}

async fn surveys_take_one_answer_per_organisation_and_count_them(store: Store) {
    let t = tenant(&store, "ostrava").await;
    let admin = Actor::system();
    let today = kpss_domain::czech::today();
    let days = |d: i64| kpss_domain::czech::format_date(today + time::Duration::days(d));
    let (opens, closes) = (days(-1), days(30));
    let draft = SurveyDraft::parse(&SurveyInput {
        title: "Dotazník pro poskytovatele",
        audience: "poskytovatele",
        opens_on: &opens,
        closes_on: &closes,
        ..SurveyInput::default()
    })
    .unwrap();
    let s = survey::create(&store, t, &admin, &draft).await.unwrap();
    let form = survey::add_question(
        &store,
        t,
        &admin,
        s,
        &question("Forma služby", "jedna-moznost", "terénní\nambulantní"),
    )
    .await
    .unwrap();
    let needs = survey::add_question(
        &store,
        t,
        &admin,
        s,
        &question("Co chybí", "vice-moznosti", "kapacita\nfinance\nlidé"),
    )
    .await
    .unwrap();
    let staff = survey::add_question(&store, t, &admin, s, &question("Úvazky", "cislo", ""))
        .await
        .unwrap();
    survey::move_question(&store, t, &admin, staff, true)
        .await
        .unwrap();
    let order: Vec<i32> = survey::questions(&store, s)
        .await
        .unwrap()
        .iter()
        .map(|q| q.id)
        .collect();
    assert_eq!(order, vec![form, staff, needs]);

    let charita = catalogue::create_organisation(
        &store,
        t,
        &admin,
        &organisation("Charita Ostrava", "00845451"),
    )
    .await
    .unwrap()
    .id;
    let slezska = catalogue::create_organisation(
        &store,
        t,
        &admin,
        &organisation("Slezská diakonie", "65468562"),
    )
    .await
    .unwrap()
    .id;
    let online = |respondent| Answering {
        respondent,
        channel: Channel::Online,
        source: None,
        actor: None,
    };
    survey::answer(
        &store,
        t,
        s,
        online(Respondent::Organisation(charita)),
        &[
            (form, Answer::Single(Some(0), None)),
            (
                needs,
                Answer::Multiple(vec![0, 1], Some("supervize".into())),
            ),
            (
                staff,
                Answer::Number(kpss_domain::quantity::Quantity::whole(12)),
            ),
        ],
    )
    .await
    .unwrap();
    // The same organisation again is refused, and nothing of it is written.
    let twice = survey::answer(
        &store,
        t,
        s,
        online(Respondent::Organisation(charita)),
        &[(form, Answer::Single(Some(1), None))],
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&twice, Error::Invalid(e) if e.get("survey") == Some(&FieldError::AlreadyAnswered)),
        "{twice:?}"
    );
    assert!(
        survey::has_answered(&store, s, Respondent::Organisation(charita))
            .await
            .unwrap()
    );
    // A paper questionnaire is the coordinator's to type in.
    let paper = |actor| Answering {
        respondent: Respondent::Organisation(slezska),
        channel: Channel::Paper,
        source: None,
        actor,
    };
    let provider = Actor {
        account_id: None,
        role: Role::ProviderEditor,
        organisations: vec![slezska],
        groups: Vec::new(),
    };
    let answers = [
        (form, Answer::Single(Some(1), None)),
        (needs, Answer::Multiple(vec![0], None)),
        (
            staff,
            Answer::Number(kpss_domain::quantity::Quantity::whole(3)),
        ),
    ];
    assert!(matches!(
        survey::answer(&store, t, s, paper(Some(&provider)), &answers).await,
        Err(Error::Forbidden)
    ));
    survey::answer(&store, t, s, paper(Some(&admin)), &answers)
        .await
        .unwrap();

    // The questions stay as they were answered.
    let changed = survey::add_question(&store, t, &admin, s, &question("Další", "skala", ""))
        .await
        .unwrap_err();
    assert!(
        matches!(&changed, Error::Invalid(e) if e.get("text") == Some(&FieldError::Answered)),
        "{changed:?}"
    );

    let questions = survey::questions(&store, s).await.unwrap();
    let counts = survey::counts(&store, s, &questions).await.unwrap();
    assert_eq!(counts.responses, 2);
    assert_eq!(counts.answered[&needs], 2, "respondents, not ticks");
    let rules::QuestionResult::Counted(d) = rules::result(
        &questions[2],
        &counts.rows[&needs],
        counts.answered[&needs],
        &[],
    ) else {
        panic!("counted")
    };
    assert_eq!(
        d[0].counts,
        vec![2, 1, 0, 1],
        "kapacita, finance, lidé, jiné"
    );
    let rules::QuestionResult::Numbers(Some(n)) =
        rules::result(&questions[1], &[], 2, &counts.numbers[&staff])
    else {
        panic!("numbers")
    };
    assert_eq!(
        n.mean,
        kpss_domain::quantity::Quantity::from_hundredths(750)
    );
    let texts = survey::texts(&store, (s, needs), (0, 10)).await.unwrap();
    assert_eq!(texts, vec!["supervize".to_owned()]);
    assert_eq!(survey::text_count(&store, (s, needs)).await.unwrap(), 1);

    let (cells, bases) = survey::crosstab(&store, s, (form, needs)).await.unwrap();
    let table = rules::crosstab((&questions[0], &questions[2]), &cells, &bases).unwrap();
    // Columns terénní (Charita), ambulantní (Slezská), jiné (nobody); rows kapacita,
    // finance, lidé, jiné.
    assert_eq!(
        table.counts,
        vec![vec![1, 1, 0], vec![1, 0, 0], vec![0, 0, 0], vec![1, 0, 0]]
    );
    assert_eq!(table.bases, vec![1, 1, 0]);

    let raw = survey::raw(&store, s).await.unwrap();
    assert_eq!(raw.len(), 2);
    assert_eq!(raw[1].channel, Channel::Paper);
    assert_eq!(raw[1].organisation, Some(slezska));
    assert_eq!(raw[0].answers.len(), 5);
}
