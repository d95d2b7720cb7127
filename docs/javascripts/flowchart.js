/* The flowcharts full screen: one click on "Forstør" (or on the drawing, off its steps) opens the
   diagram in a modal <dialog> (overrides/partials/flowchart-zoom.html) where it can be panned and
   zoomed by pointer, pinch, wheel and keyboard. Panzoom (docs/javascripts/vendor/) does the
   panning and zooming; this file only opens and closes the view and wires the keys and buttons.

   The drawing is moved into the dialog, not copied: its ids stay unique on the page and its step
   links keep working. A step opened from the dialog closes it first, then goes to the step. */
(() => {
  "use strict";

  const dialog = document.getElementById("forloeb-zoom");
  if (!dialog || typeof Panzoom !== "function") return;
  const stage = dialog.querySelector(".forloeb-zoom-flade");
  const heading = dialog.querySelector(".forloeb-zoom-titel");
  const READABLE_PX = 12; // the node labels' size at the start, when the whole diagram does not fit
  const MAX_START = 1.5; // a small diagram is enlarged to fill the screen, up to this
  const PAN_STEP_PX = 60;
  const DRAG_PX = 6; // a pointer that moved further than this panned: its click opens no link

  let open = null; // {svg, frame, placeholder, button, panzoom}

  function labelPx(svg) {
    // The labels' font size in CSS px at scale 1: the drawing's units are points, its font size
    // is --forloeb-skrift units (set by forloeb/diagram/svg.py).
    const style = getComputedStyle(svg);
    const units = parseFloat(style.getPropertyValue("--forloeb-bredde"));
    const font = parseFloat(style.getPropertyValue("--forloeb-skrift"));
    return (font * svg.getBoundingClientRect().width) / units;
  }

  function show(figure, button) {
    const svg = figure.querySelector(".forloeb-rulle > svg");
    if (!svg || open) return;
    const frame = svg.parentElement;
    const placeholder = document.createElement("div");
    placeholder.style.height = `${svg.getBoundingClientRect().height}px`;
    frame.insertBefore(placeholder, svg);
    heading.textContent = svg.querySelector("title")?.textContent || "Flowchart";
    stage.appendChild(svg);
    dialog.showModal();

    // At scale 1 the drawing has its natural size (the stylesheet, under .forloeb-zoom).
    const box = svg.getBoundingClientRect();
    const fit = Math.min(stage.clientWidth / box.width, stage.clientHeight / box.height);
    const readable = READABLE_PX / labelPx(svg);
    const scale = fit >= readable ? Math.min(fit, MAX_START) : readable;
    // The stage centres the drawing and Panzoom scales it about its centre: move it up to the top.
    const startY = (8 - (box.height * (1 - scale)) / 2) / scale;
    const panzoom = Panzoom(svg, {
      canvas: true,
      cursor: "grab",
      startScale: scale,
      startY,
      minScale: Math.min(fit, readable),
      maxScale: Math.max(4, 2 * scale),
      step: 0.25,
    });
    open = { svg, frame, placeholder, button, panzoom };
    stage.focus();
  }

  // Puts the drawing back; focus returns to the button, unless a link is about to move it.
  function restore(refocus = true) {
    if (!open) return;
    const { svg, frame, placeholder, button, panzoom } = open;
    open = null;
    panzoom.destroy();
    panzoom.resetStyle();
    svg.style.removeProperty("transform");
    svg.style.removeProperty("transition");
    frame.replaceChild(svg, placeholder);
    if (refocus) button.focus();
  }

  function zoom(action) {
    if (!open) return;
    const p = open.panzoom;
    if (action === "ind") p.zoomIn();
    else if (action === "ud") p.zoomOut();
    else if (action === "nulstil") p.reset();
    else if (action === "luk") dialog.close();
  }

  const KEYS = { "+": "ind", "=": "ind", "-": "ud", _: "ud", 0: "nulstil" };
  const ARROWS = { ArrowLeft: [1, 0], ArrowRight: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };

  dialog.addEventListener("keydown", (event) => {
    if (!open || event.altKey || event.ctrlKey || event.metaKey) return;
    if (KEYS[event.key]) {
      zoom(KEYS[event.key]);
    } else if (ARROWS[event.key]) {
      const [dx, dy] = ARROWS[event.key];
      const p = open.panzoom;
      p.pan((dx * PAN_STEP_PX) / p.getScale(), (dy * PAN_STEP_PX) / p.getScale(), { relative: true });
    } else {
      return;
    }
    event.preventDefault();
  });
  dialog.querySelectorAll("[data-zoom]").forEach((b) => b.addEventListener("click", () => zoom(b.dataset.zoom)));
  dialog.addEventListener("close", () => restore());
  stage.addEventListener("wheel", (event) => open && open.panzoom.zoomWithWheel(event), { passive: false });

  let down = null;
  stage.addEventListener("pointerdown", (event) => (down = [event.clientX, event.clientY]), true);
  stage.addEventListener("click", (event) => {
    const link = event.target.closest("a");
    if (!link) return;
    event.preventDefault();
    // detail is 0 for a click by keyboard, which never drags.
    const dragged = event.detail > 0 && down && Math.hypot(event.clientX - down[0], event.clientY - down[1]) > DRAG_PX;
    down = null;
    const href = link.getAttribute("href") || link.getAttribute("xlink:href");
    if (dragged || !href || !href.startsWith("#")) return;
    restore(false); // now, not on the dialog's close event, which comes after the jump
    dialog.close();
    location.hash = href;
  });

  document.querySelectorAll("figure.forloeb-diagram").forEach((figure) => {
    const button = figure.querySelector(".forloeb-forstoer");
    if (!button) return;
    // A diagram wider than the screen scrolls sideways: start at its middle, where a flowchart
    // drawn top to bottom has its referral and main path.
    const frame = figure.querySelector(".forloeb-rulle");
    frame.scrollLeft = (frame.scrollWidth - frame.clientWidth) / 2;
    button.hidden = false;
    button.addEventListener("click", () => show(figure, button));
    // A click on the drawing off its links opens it too; a click on a step follows its link.
    frame.addEventListener("click", (event) => {
      if (!event.target.closest("a")) show(figure, button);
    });
  });
})();
