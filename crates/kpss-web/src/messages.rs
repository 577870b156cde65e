//! Czech wording of validation errors and notices.

use kpss_domain::{FieldError, FieldErrors};

/// A stale save.
pub const STALE: &str = "Záznam mezitím uložil někdo jiný. Vaše změny nebyly uloženy; \
    načtěte prosím stránku znovu a změny proveďte v aktuální verzi.";
/// A change to a plan that is no longer a draft.
pub const NOT_EDITABLE: &str = "Plán už není návrh. Schválený plán je záznamem zastupitelstva a nemění se; \
    změny patří do nové verze plánu.";
/// A lifecycle step the plan's state does not allow.
pub const TRANSITION: &str = "Tento krok plán ve svém stavu udělat nemůže: schválit lze jen plán, který prošel \
    připomínkovým řízením, a schválený plán se už nevrací do návrhu.";
/// An action plan for a plan that is not approved.
pub const ACTION_PLAN_NEEDS_APPROVAL: &str =
    "Akční plán lze založit jen ke schválenému komunitnímu plánu.";
/// Planning of cards after the coordinator closed the action plan.
pub const PLANNING_CLOSED: &str = "Akční plán je uzavřený: karty aktivit už nelze přidávat ani měnit. \
    Znovu otevřít jej může koordinátor KP na stránce akčního plánu, dokud neběží hodnocení.";
/// Reopening planning once the evaluation started.
pub const ROUND_STARTED: &str =
    "Hodnocení akčního plánu už běží, plánování proto nelze znovu otevřít.";
/// A change to a card that is locked: its action plan is closed or its report approved.
pub const CARD_LOCKED: &str = "Kartu teď nelze měnit: akční plán je uzavřený, hodnocení neběží, \
    nebo je hodnocení karty odevzdané či schválené.";
/// A change to a measure's judgement that is not open to change.
pub const JUDGEMENT_LOCKED: &str = "Posouzení opatření teď nelze měnit: hodnocení akčního plánu \
    neběží nebo už je uzavřené, nebo je posouzení odevzdané či schválené.";
/// A group's evaluation text outside an open round.
pub const ROUND_NOT_OPEN: &str =
    "Hodnocení akčního plánu neběží nebo už je uzavřené; text hodnocení skupiny teď nelze měnit.";
/// A round opened twice.
pub const ROUND_EXISTS: &str = "Hodnocení tohoto akčního plánu už bylo otevřeno.";
/// Too many failed logins: when the next attempt is possible.
#[must_use]
pub fn throttled(wait_seconds: u64) -> String {
    let (n, unit) = if wait_seconds < 120 {
        (wait_seconds.max(1), ["sekundu", "sekundy", "sekund"])
    } else {
        (wait_seconds.div_ceil(60), ["minutu", "minuty", "minut"])
    };
    let count = usize::try_from(n).unwrap_or(usize::MAX);
    format!(
        "Příliš mnoho neúspěšných pokusů o přihlášení. Další pokus bude možný za {n} {}.",
        kpss_domain::czech::plural(count, unit)
    )
}
/// A form without a valid CSRF token.
pub const CSRF: &str = "Formulář vypršel nebo nepochází z tohoto webu. Načtěte stránku znovu a odešlete jej ještě jednou.";

/// A bound as Czech text: years stay as they are, large numbers get their thousands spaced.
fn number(n: i64) -> String {
    if n.abs() >= 10_000 {
        kpss_domain::czech::group_thousands(n)
    } else {
        n.to_string()
    }
}

/// What went wrong with a field, in Czech.
#[must_use]
pub fn field_error(error: &FieldError) -> String {
    match error {
        FieldError::Required => "Vyplňte prosím tento údaj.".into(),
        FieldError::TooLong { max } => format!(
            "Text je příliš dlouhý, nejvýše {}.",
            kpss_domain::czech::count(*max, "znak", "znaky", "znaků")
        ),
        FieldError::InvalidIco => {
            "IČO musí mít 8 číslic a platnou kontrolní číslici (např. 00845451).".into()
        }
        FieldError::InvalidEmail => "Zadejte e-mailovou adresu ve tvaru jmeno@domena.cz.".into(),
        FieldError::InvalidUrl => "Zadejte webovou adresu ve tvaru https://www.example.cz.".into(),
        FieldError::InvalidPhone => {
            "Zadejte telefonní číslo (9 až 15 číslic, případně s předvolbou +420).".into()
        }
        FieldError::NotPositiveInteger => "Zadejte celé číslo větší než nula.".into(),
        FieldError::OutOfRange { min, max } => {
            format!(
                "Zadejte celé číslo od {} do {}.",
                number(*min),
                number(*max)
            )
        }
        FieldError::InvalidQuantity => {
            "Zadejte nezáporné číslo, nejvýše se dvěma desetinnými místy (např. 12,5).".into()
        }
        FieldError::InvalidDate => "Zadejte datum ve tvaru 14. 9. 2022.".into(),
        FieldError::InvalidTime => "Zadejte čas ve tvaru 14:00.".into(),
        FieldError::EndBeforeStart => "Konec nesmí předcházet začátku.".into(),
        FieldError::InvalidRegisterId => "Identifikátor služby v registru má 7 číslic.".into(),
        FieldError::InvalidCoordinate => "Zadejte souřadnici ve stupních, např. 49,8209.".into(),
        FieldError::UnknownValue => "Zvolte hodnotu z nabídky.".into(),
        FieldError::AlreadyUsed => "Tato hodnota je už použita u jiného záznamu.".into(),
        FieldError::PasswordTooShort { min } => format!(
            "Heslo musí mít alespoň {}.",
            kpss_domain::czech::count(*min, "znak", "znaky", "znaků")
        ),
        FieldError::PasswordsDiffer => "Hesla se neshodují.".into(),
        FieldError::NotPermitted => {
            "Tento záznam nepatří vaší organizaci ani pracovní skupině.".into()
        }
        FieldError::BadLine { line } => format!(
            "Řádek {line}: zadejte kód a název oddělené středníkem, např. „mesto; rozpočet města“; \
             kód smí obsahovat jen malá písmena bez diakritiky, číslice a pomlčky."
        ),
        FieldError::LonelyExpression { line } => format!(
            "Řádek {line}: skupina potřebuje aspoň dva výrazy oddělené čárkou, např. \
             „bezdomovci, lidé bez domova“."
        ),
        FieldError::DuplicateLine { line } => {
            format!("Řádek {line}: tento kód je v seznamu už uveden výše.")
        }
        FieldError::InUse { codes } => {
            format!("Tyto kódy jsou použité v uložených záznamech a nelze je odebrat: {codes}.")
        }
        FieldError::InvalidGroupCode { max } => format!(
            "Kód smí obsahovat jen velká písmena, číslice a pomlčku, nejvýše {} (např. SEN nebo \
             SEN-D).",
            kpss_domain::czech::count(*max, "znak", "znaky", "znaků")
        ),
        FieldError::HasSubgroups => "Pracovní skupina má podskupiny, a proto zůstává pracovní \
            skupinou; nejprve podskupiny přiřaďte jiné pracovní skupině."
            .into(),
        FieldError::MembershipOverlaps => "Člen je v této skupině už veden v části zvoleného \
            období; upravte stávající členství, nebo zvolte jiné období."
            .into(),
        FieldError::MeetingInPast => "Schůzka už začala nebo proběhla; pozvánky na ni už \
            nelze rozeslat."
            .into(),
        FieldError::MinutesPublished => {
            "Zápis je schválený a zveřejněný, a proto se už nemění.".into()
        }
        FieldError::AttendanceRecorded => "U tohoto termínu je zaznamenaná účast, a proto jej \
            nelze odebrat; můžete změnit jeho čas."
            .into(),
        FieldError::RegistrationClosed => "Akce už začala nebo proběhla; přihlásit se na ni \
            už nelze."
            .into(),
        FieldError::AlreadyRegistered => "Tato e-mailová adresa je na akci už přihlášená; \
            potvrzení najdete ve své poště."
            .into(),
        FieldError::EventFull => "Akce je plně obsazená; volné místo už nezbylo. Obraťte se \
            prosím na pořadatele."
            .into(),
        FieldError::FileTooLarge { max_mb } => {
            format!("Soubor je větší než {max_mb} MB; zmenšete jej nebo rozdělte.")
        }
        FieldError::FileType => "Přiložit lze jen PDF, dokument Word (DOCX) či Writer (ODT), \
            tabulku Excel (XLSX) či Calc (ODS) a obrázek PNG nebo JPEG; přípona souboru musí \
            odpovídat jeho obsahu."
            .into(),
        FieldError::Consulted => "Dokument byl předložen k připomínkám; připomínky a jejich \
            vypořádání se na něj odkazují, a proto jej nelze odstranit. Nahrajte raději novou verzi."
            .into(),
        FieldError::InternalDocument => "K veřejným připomínkám lze předložit jen veřejný \
            dokument. Nejprve jej v popisu dokumentu zveřejněte."
            .into(),
        FieldError::ConsultationRunning => "Připomínkové řízení k tomuto dokumentu už probíhá \
            nebo je naplánované; nové lze otevřít až po jeho skončení."
            .into(),
        FieldError::Infected => "Antivirová kontrola v souboru našla škodlivý obsah; soubor \
            nebyl uložen. Zkontrolujte jej prosím a nahrajte čistou kopii."
            .into(),
        FieldError::LinkExpired => "Odkaz už byl použit, nebo vypršela jeho platnost. Požádejte \
            o nový na stránce Zapomenuté heslo."
            .into(),
        FieldError::PartLocked => "Koordinátor tuto část návrhu uzamkl jako konečnou; změny \
            v ní dělá už jen on. Potřebujete-li ji změnit, obraťte se na něj."
            .into(),
        FieldError::NotInCardYear { year } => format!(
            "Akce projektu se koná v roce {year}, na který je jeho karta naplánována; zvolte \
             termín v tomto roce."
        ),
        FieldError::InFuture => "Datum nesmí být v budoucnosti.".into(),
        FieldError::ConsentMissing => "Uvádíte-li jméno, organizaci nebo e-mail, potvrďte prosím \
            souhlas s jejich zpracováním; jinak je nechte prázdné a připomínka bude anonymní."
            .into(),
        FieldError::ConsultationClosed => "Připomínkové řízení nyní připomínky nepřijímá; \
            podívejte se na jeho termíny."
            .into(),
        FieldError::NotHeldYet => "Tento termín ještě nezačal; účast lze zapsat až po jeho \
            začátku."
            .into(),
        FieldError::Locked => {
            "Hodnocení této karty už bylo odevzdáno nebo schváleno a nelze jej měnit.".into()
        }
        FieldError::OwnAccount => "Svůj vlastní účet nemůžete deaktivovat ani mu odebrat roli \
            koordinátora; požádejte o to jiného koordinátora."
            .into(),
        FieldError::LastCoordinator => "Jde o posledního aktivního koordinátora. Nejprve \
            pověřte rolí koordinátora jiný účet, jinak by plánování nikdo nemohl spravovat."
            .into(),
        FieldError::Answered => "Dotazník už má odpovědi; jeho otázky proto nelze měnit, \
            přidávat ani mazat – odpovědi by pak neodpovídaly tomu, na co se ptal."
            .into(),
        FieldError::AlreadyAnswered => "Za tuto organizaci nebo osobu už byl dotazník \
            vyplněn; každá může odpovědět jen jednou."
            .into(),
        FieldError::SurveyClosed => "Dotazník teď odpovědi nepřijímá: je mimo dobu, kdy je \
            otevřen."
            .into(),
        FieldError::InvalidRuian => "Zadejte kód obce z RÚIAN (šest číslic, např. 554821 \
            pro Ostravu) nebo kód kraje (dvě až tři číslice)."
            .into(),
    }
}

/// The Czech label of a form field, for error summaries.
#[must_use]
pub fn field_label(field: &str) -> &'static str {
    let base = field.rsplit('.').next().unwrap_or(field);
    match base {
        "name" => "Název",
        "ico" => "IČO",
        "legal_form" => "Právní forma",
        "address" => "Adresa",
        "web" => "Web",
        "email" => "E-mail",
        "ruian" => "Kód území v RÚIAN",
        "phone" => "Telefon",
        "description" => "Popis",
        "kind" => "Druh záznamu",
        "service_type" => "Druh sociální služby",
        "register_id" => "Identifikátor v registru",
        "forms" => "Forma poskytování",
        "target_groups" => "Cílové skupiny",
        "age_from" => "Věk od",
        "age_to" => "Věk do",
        "capacity" => "Kapacita",
        "capacity_unit" => "Jednotka kapacity",
        "fees" => "Úhrady",
        "opening_hours" => "Provozní doba",
        "active_from" => "Působí od",
        "active_to" => "Působí do",
        "district" => "Městský obvod",
        "latitude" => "Zeměpisná šířka",
        "longitude" => "Zeměpisná délka",
        "password" => "Heslo",
        "new_password" => "Nové heslo",
        "role" => "Role",
        "active" => "Přístup",
        "full_name" => "Jméno a příjmení",
        "version" => "Verze záznamu",
        "organisation" => "Organizace",
        "title" => "Název",
        "file" => "Soubor",
        "issued_on" => "Datum vydání",
        "plan" => "Plán",
        "year" => "Rok",
        "measure" => "Opatření",
        "service" => "Služba nebo aktivita z katalogu",
        "new_activity" => "Nová služba nebo aktivita",
        "planned_capacity" => "Plánovaná kapacita",
        "planned_clients" => "Plánovaný počet klientů",
        "responsible_person" => "Odpovědná osoba",
        "status" => "Stav plnění",
        "actual_clients" => "Skutečný počet klientů",
        "actual_capacity" => "Skutečná kapacita",
        "comment" => "Komentář",
        "deadline" => "Termín odevzdání",
        "reason" => "Důvod vrácení",
        "groups" => "Pracovní skupiny",
        "synonyms" => "Vlastní skupiny výrazů",
        "card" => "ID karty",
        "list" => "Seznam",
        f if f.starts_with("cost_") => "Náklady (Kč)",
        f if f.starts_with("indicator_name_") => "Název indikátoru",
        f if f.starts_with("indicator_unit_") => "Jednotka indikátoru",
        f if f.starts_with("indicator_target_") => "Cílová hodnota indikátoru",
        f if f.starts_with("indicator_baseline_") => "Výchozí hodnota indikátoru",
        f if f.starts_with("indicator_actual_") => "Skutečná hodnota indikátoru",
        "fulfilment" => "Plnění opatření",
        "reasoning" => "Zdůvodnění",
        "achieved" => "Co se podařilo",
        "period_from" => "Období od",
        "period_to" => "Období do",
        "code" => "Kód",
        "text" => "Znění",
        "rationale" => "Zdůvodnění",
        "responsible" => "Odpovědnost",
        "partners" => "Partneři",
        "timing" => "Termín",
        "resolution_number" => "Číslo usnesení",
        "resolution_date" => "Datum usnesení",
        "resolution_body" => "Schválil",
        "parent" => "Pracovní skupina, do které podskupina patří",
        "founded" => "Datum založení",
        "dissolved" => "Datum zrušení",
        "group" => "Skupina",
        "kp_role" => "Role v komunitním plánování",
        "function" => "Funkce ve skupině",
        "since" => "Členem od",
        "until" => "Členem do",
        "organisation_name" => "Organizace mimo katalog",
        "day" => "Den",
        "from" => "Začátek",
        "to" => "Konec",
        "place" => "Místo",
        "agenda" => "Program",
        "guests" => "Hosté",
        "minutes" => "Zápis",
        "attendance" => "Docházka",
        "meeting" => "Schůzka",
        "work_group" => "Pracovní skupina",
        f if f.starts_with("task_text_") => "Úkol",
        f if f.starts_with("task_owner_") => "Kdo úkol plní",
        f if f.starts_with("task_deadline_") => "Termín úkolu",
        "organiser" => "Pořadatel",
        "event" => "Akce",
        "part" => "Část plánu",
        "attachment" => "Příloha",
        "editors" => "Editoři",
        "present" => "Přítomní",
        "walk_ins" => "Přišli bez přihlášky",
        "date" => "Termín",
        f if f.starts_with("date_day_") => "Den konání",
        f if f.starts_with("date_from_") => "Začátek",
        f if f.starts_with("date_to_") => "Konec",
        f if f.starts_with("indicator_feed_") => "Zdroj skutečné hodnoty",
        "remark" => "Připomínka",
        "consent" => "Souhlas se zpracováním údajů",
        "section" => "Část návrhu",
        "channel" => "Jak připomínka přišla",
        "received_on" => "Datum přijetí",
        "opens_on" => "Připomínky od",
        "closes_on" => "Připomínky do",
        "per_thousand" => "Míst na 1 000 obyvatel",
        "target_group" => "Cílová skupina",
        "districts" => "Městské obvody",
        "state" => "Stav",
        "source" => "Odkud potřebu známe",
        "source_note" => "Upřesnění zdroje",
        "size" => "Kolika lidí se týká",
        "item" => "Cíl nebo opatření",
        "quadrant" => "Seznam",
        "evidence" => "Podklad",
        "scan" => "Sken",
        "opens" => "Otevřeno od",
        "closes" => "Otevřeno do",
        "intro" => "Úvodní slovo",
        "audience" => "Koho se ptáme",
        "help" => "Nápověda",
        "options" => "Možnosti",
        "moderation" => "Moderace",
        "note" => "Důvod",
        "decision" => "Vypořádání",
        "change" => "Změna v návrhu",
        _ => "Údaj",
    }
}

/// All errors of a form as one sentence list (for non-form answers).
#[must_use]
pub fn summary(errors: &FieldErrors) -> String {
    errors
        .0
        .iter()
        .map(|(field, error)| format!("{}: {}", field_label(field), field_error(error)))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_czech_words() {
        let mut errors = FieldErrors::default();
        errors.add("ico", FieldError::InvalidIco);
        errors.add("locations[0].district", FieldError::UnknownValue);
        let text = summary(&errors);
        assert!(text.starts_with("IČO: IČO musí mít 8 číslic"), "{text}");
        assert!(
            text.contains("Městský obvod: Zvolte hodnotu z nabídky."),
            "{text}"
        );
    }
}
