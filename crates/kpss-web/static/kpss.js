// kpss works without JavaScript; this file only spares people clicks and arithmetic.
"use strict";

(() => {
  // The card form: the planned costs add up while they are typed.
  const total = document.querySelector("output[data-cost-total]");
  if (total) {
    const fields = [...document.querySelectorAll("input[name^='cost_']")];
    const czk = new Intl.NumberFormat("cs-CZ", { maximumFractionDigits: 0 });
    const update = () => {
      let sum = 0;
      let unreadable = false;
      for (const field of fields) {
        const raw = field.value.replace(/[\s\u00a0]/g, "").replace(/(,-|kč)$/i, "");
        if (raw === "") continue;
        if (/^\d{1,15}$/.test(raw)) sum += Number(raw);
        else unreadable = true;
      }
      total.textContent = `${czk.format(sum)} Kč${unreadable ? " (některá částka není v celých korunách)" : ""}`;
    };
    fields.forEach((field) => field.addEventListener("input", update));
  }

  // The card form: choosing an organisation offers its services at once, as the button
  // „Načíst služby zvolené organizace“ does with a new page.
  const step = document.querySelector("button[name='step'][value='sluzby']");
  const choosers = document.querySelectorAll("select#organisation, input[type='radio'][name='organisation']");
  if (step) {
    choosers.forEach((chooser) => chooser.addEventListener("change", async () => {
      const form = chooser.form;
      const body = new URLSearchParams(new FormData(form));
      body.set("step", "sluzby");
      try {
        const answer = await fetch(form.action || window.location.href, {
          method: "POST",
          body,
          credentials: "same-origin",
        });
        if (!answer.ok) return;
        const page = new DOMParser().parseFromString(await answer.text(), "text/html");
        const fresh = page.querySelector("button[name='step'][value='sluzby']")?.closest(".field");
        const current = document.querySelector("button[name='step'][value='sluzby']")?.closest(".field");
        if (fresh && current) current.replaceWith(document.importNode(fresh, true));
      } catch {
        // Offline or refused: the button still does the same with a new page.
      }
    }));
  }
})();
