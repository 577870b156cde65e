use super::*;
use crate::account::Actor;
use crate::quantity::Quantity;

fn question(id: i32, kind: &str, options: &str, required: bool, other: bool) -> Question {
    Question {
        id,
        draft: QuestionDraft::parse(&QuestionInput {
            text: "Otázka",
            kind,
            options,
            required,
            other,
            ..Default::default()
        })
        .unwrap(),
        version: 1,
    }
}

fn form(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Vec<String> {
    let pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    move |name: &str| {
        pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

#[test]
fn a_choice_question_needs_two_different_options() {
    let one = QuestionDraft::parse(&QuestionInput {
        text: "Jak jste se o službě dozvěděli?",
        kind: "jedna-moznost",
        options: "od lékaře\n",
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(one.get("options"), Some(&FieldError::Required));
    let twice = QuestionDraft::parse(&QuestionInput {
        text: "Jak jste se o službě dozvěděli?",
        kind: "vice-moznosti",
        options: "od lékaře\n\nOd lékaře",
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(
        twice.get("options"),
        Some(&FieldError::DuplicateLine { line: 3 })
    );
    let text = QuestionDraft::parse(&QuestionInput {
        text: "Co vám chybí?",
        kind: "dlouhy-text",
        options: "zbytečné",
        other: true,
        ..Default::default()
    })
    .unwrap();
    assert!(text.options.is_empty() && !text.other, "{text:?}");
    let unknown = QuestionDraft::parse(&QuestionInput {
        text: "x",
        kind: "hadanka",
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(unknown.get("kind"), Some(&FieldError::UnknownValue));
}

#[test]
fn a_survey_of_groups_names_them_and_its_days_are_in_order() {
    let errors = SurveyDraft::parse(&SurveyInput {
        title: "Dotazník členů",
        audience: "skupiny",
        opens_on: "1. 3. 2026",
        closes_on: "1. 2. 2026",
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(errors.get("groups"), Some(&FieldError::Required));
    assert_eq!(errors.get("closes"), Some(&FieldError::EndBeforeStart));
    let public = SurveyDraft::parse(&SurveyInput {
        title: "Spokojenost uživatelů",
        audience: "verejnost",
        groups: &[3],
        opens_on: "1. 2. 2026",
        closes_on: "1. 3. 2026",
        ..Default::default()
    })
    .unwrap();
    assert!(public.groups.is_empty());
}

#[test]
fn answers_are_read_and_checked_per_question() {
    let questions = [
        question(1, "jedna-moznost", "ano\nne", true, true),
        question(2, "vice-moznosti", "a\nb\nc", false, true),
        question(3, "skala", "", true, false),
        question(4, "cislo", "", false, false),
        question(5, "matice", "dostupnost\nkvalita", true, false),
        question(6, "kratky-text", "", false, false),
    ];
    let answers = parse_answers(
        &questions,
        &form(&[
            ("q-1", "jine"),
            ("q-1-jine", "nevím"),
            ("q-2", "2"),
            ("q-2", "0"),
            ("q-2", "2"),
            ("q-3", "4"),
            ("q-4", "12,5"),
            ("q-5-0", "5"),
            ("q-5-1", "3"),
        ]),
    )
    .unwrap();
    assert_eq!(
        answers,
        vec![
            (1, Answer::Single(None, Some("nevím".into()))),
            (2, Answer::Multiple(vec![0, 2], None)),
            (3, Answer::Scale(4)),
            (4, Answer::Number(Quantity::from_hundredths(1250))),
            (5, Answer::Matrix(vec![(0, 5), (1, 3)])),
        ]
    );
    let errors = parse_answers(
        &questions,
        &form(&[
            ("q-1", "jine"),
            ("q-2", "7"),
            ("q-3", "6"),
            ("q-4", "deset"),
            ("q-5-0", "5"),
        ]),
    )
    .unwrap_err();
    assert_eq!(errors.get("q-1"), Some(&FieldError::Required), "other text");
    assert_eq!(errors.get("q-2"), Some(&FieldError::UnknownValue));
    assert_eq!(
        errors.get("q-3"),
        Some(&FieldError::OutOfRange { min: 1, max: 5 })
    );
    assert_eq!(errors.get("q-4"), Some(&FieldError::InvalidQuantity));
    assert_eq!(errors.get("q-5"), Some(&FieldError::Required), "a row left");
    assert_eq!(errors.get("q-6"), None, "optional");
}

#[test]
fn an_answer_is_stored_as_rows_the_database_counts() {
    let rows = Answer::Multiple(vec![0, 2], Some("jinak".into())).rows(9);
    let options: Vec<Option<i32>> = rows.iter().map(|r| r.option).collect();
    assert_eq!(options, vec![Some(0), Some(2), None]);
    assert_eq!(rows[2].text.as_deref(), Some("jinak"));
    let matrix = Answer::Matrix(vec![(1, 4)]).rows(9);
    assert_eq!((matrix[0].row, matrix[0].option), (1, Some(4)));
}

#[test]
fn results_add_up_to_whole_per_cents() {
    let single = question(1, "jedna-moznost", "ano\nne\nnevím", false, false);
    let QuestionResult::Counted(d) = result(
        &single,
        &[(0, Some(0), 1), (0, Some(1), 1), (0, Some(2), 1)],
        3,
        &[],
    ) else {
        panic!()
    };
    assert_eq!(d[0].counts, vec![1, 1, 1]);
    assert_eq!(d[0].percents.iter().sum::<i64>(), 100);
    let multiple = question(2, "vice-moznosti", "a\nb", false, true);
    let QuestionResult::Counted(d) = result(
        &multiple,
        &[(0, Some(0), 4), (0, Some(1), 2), (0, None, 1)],
        4,
        &[],
    ) else {
        panic!()
    };
    // Of respondents who answered, not of ticks.
    assert_eq!(d[0].percents, vec![100, 50, 25]);
    assert_eq!(d[0].labels.last().map(String::as_str), Some("jiné"));
    let scale = question(3, "skala", "", false, false);
    let QuestionResult::Counted(d) = result(&scale, &[(0, Some(5), 2), (0, Some(2), 1)], 3, &[])
    else {
        panic!()
    };
    assert_eq!(d[0].mean, Some(Quantity::from_hundredths(400)));
    assert_eq!(d[0].counts, vec![0, 1, 0, 0, 2]);
}

#[test]
fn numbers_summarise_with_a_median_between_the_middle_two() {
    let s = summary(&[300, 100, 400, 200]).unwrap();
    assert_eq!(s.count, 4);
    assert_eq!(s.median, Quantity::from_hundredths(250));
    assert_eq!(s.mean, Quantity::from_hundredths(250));
    assert_eq!((s.min.hundredths(), s.max.hundredths()), (100, 400));
    assert_eq!(summary(&[]), None);
}

#[test]
fn a_crosstab_splits_by_a_single_choice_only() {
    let by = question(1, "jedna-moznost", "muž\nžena", false, false);
    let of = question(2, "vice-moznosti", "a\nb", false, false);
    let t = crosstab(
        (&by, &of),
        &[
            (Some(0), Some(0), 2),
            (Some(1), Some(0), 1),
            (Some(1), Some(1), 3),
        ],
        &[(Some(0), 2), (Some(1), 4)],
    )
    .unwrap();
    assert_eq!(t.counts, vec![vec![2, 1], vec![0, 3]]);
    assert_eq!(t.percents, vec![vec![100, 25], vec![0, 75]]);
    assert!(
        crosstab((&of, &by), &[], &[]).is_none(),
        "several choices do not split"
    );
}

#[test]
fn respondents_answer_for_their_own_organisation_once() {
    let provider = Actor {
        account_id: Some(7),
        role: crate::account::Role::ProviderEditor,
        organisations: vec![3, 4],
        groups: Vec::new(),
    };
    let who = |org| respondent(Audience::Providers, Some(&provider), (org, false));
    assert_eq!(who(Some(4)), Ok(Respondent::Organisation(4)));
    assert_eq!(who(Some(5)), Err(FieldError::NotPermitted));
    assert_eq!(who(None), Err(FieldError::Required), "which of the two");
    assert_eq!(
        respondent(Audience::Groups, Some(&provider), (None, false)),
        Err(FieldError::NotPermitted)
    );
    assert_eq!(
        respondent(Audience::Groups, Some(&provider), (None, true)).map(Respondent::key),
        Ok(Some("ucet-7".into()))
    );
    assert_eq!(
        respondent(Audience::Public, None, (None, false)),
        Ok(Respondent::Anonymous)
    );
    assert!(check_editable(1).is_err() && check_editable(0).is_ok());
}
