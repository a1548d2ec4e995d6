(function(){
  var ids=["f-unapproved","f-flagged","f-stale","f-language","f-audience","f-check","f-queue","f-search","f-mine"];
  // In docent review the filters live in the address (the server pages the queue by them):
  // the controls are set from it, and a change loads page 1 of the new selection.
  var app=!!document.querySelector("nav.paging");
  var names={"f-unapproved":"unapproved","f-flagged":"flagged","f-stale":"stale","f-language":"language","f-audience":"audience","f-check":"check","f-queue":"queue","f-search":"q","f-mine":"mine"};
  function el(id){return document.getElementById(id);}
  if(app){
    var p=new URLSearchParams(location.search),fresh=!location.search;
    ids.forEach(function(id){var e=el(id);if(!e)return;var v=p.get(names[id]);
      if(e.type==="checkbox")e.checked=id==="f-queue"&&fresh?true:v==="1";else if(v!==null)e.value=v;});
  }
  function reload(){
    var q=new URLSearchParams();
    ids.forEach(function(id){var e=el(id);if(!e)return;if(e.type==="checkbox")q.set(names[id],e.checked?"1":"0");else if(e.value)q.set(names[id],e.value);});
    q.set("page","1");location.search=q.toString();
  }
  var main=document.querySelector("main"),sections=Array.prototype.slice.call(document.querySelectorAll("section.artwork"));
  // Needs attention first: stale, then flagged, then unapproved, then the rest; by id within each.
  function rank(s){return s.querySelector("article.is-stale")?0:s.querySelector("article.is-flagged")?1:s.querySelector("article.draft:not(.approved)")?2:3;}
  // keepOrder: after an action, the artworks stay where they are (the editor's place).
  function apply(keepOrder){
    var u=el("f-unapproved").checked,f=el("f-flagged").checked,s=el("f-stale").checked,l=el("f-language").value,
        a=el("f-audience").value,c=(el("f-check")||{}).value||"",m=(el("f-mine")||{}).checked,q=((el("f-search")||{}).value||"").toLowerCase(),shown=0,total=0;
    var order=sections.slice();
    if(keepOrder!==true){
      if((el("f-queue")||{}).checked)order.sort(function(x,y){return rank(x)-rank(y);});
      order.forEach(function(s){main.appendChild(s);});
    }
    document.querySelectorAll("article.draft").forEach(function(d){
      total++;
      var ok=(!m||d.dataset.mine==="true")&&(!u||d.dataset.approved!=="true")&&(!f||d.dataset.flagged==="true")&&(!s||d.dataset.stale==="true")
        &&(!l||d.dataset.language===l)&&(!a||d.dataset.audience===a)&&(!c||(d.dataset.checks||"").indexOf(" "+c+" ")>=0)
        &&(!q||(d.closest("section").id+" "+d.closest("section").querySelector("h2").textContent+" "+d.textContent).toLowerCase().indexOf(q)>=0);
      d.classList.toggle("hidden",!ok);if(ok)shown++;
    });
    document.querySelectorAll(".audience").forEach(function(g){g.classList.toggle("hidden",!g.querySelector("article.draft:not(.hidden)"));});
    document.querySelectorAll("section.artwork").forEach(function(g){g.classList.toggle("hidden",!g.querySelector("article.draft:not(.hidden)")&&!g.querySelector(".failure"));});
    el("shown").textContent=shown+" of "+total+" drafts shown"+(app?" on this page":"");
  }
  ids.forEach(function(id){var e=el(id);if(!e)return;
    if(app)e.addEventListener("change",reload);else e.addEventListener(id==="f-search"?"input":"change",apply);});
  // Again after an action has put an artwork's new card in place (docent review).
  // On a phone the header is one line; its button opens the filters, actions and pages.
  var menu=document.querySelector("button.menu");
  if(menu)menu.addEventListener("click",function(){var open=menu.parentNode.classList.toggle("open");menu.setAttribute("aria-expanded",String(open));});
  window.docentFilter=function(){sections=Array.prototype.slice.call(document.querySelectorAll("section.artwork"));apply(true);};
  apply();
})();
(function(){
  // docent review: every action answers within the page, no page load: the artwork's card is
  // put in place of the old one, the counts at the top follow, the next draft becomes current
  // and the place in the queue is kept; an error is shown on the card. Keys: j / k next /
  // previous draft (on to the next page at the end), a approve, r a note for a rejection
  // (Enter sends it, Esc cancels), e edit, u undo the last action, / search, ? the keys.
  var editor=document.querySelector("form.editor");if(!editor)return;
  var csrf=editor.elements.csrf.value;
  var current=-1;
  function drafts(){return Array.prototype.filter.call(document.querySelectorAll("article.draft"),function(d){return !d.classList.contains("hidden");});}
  function keyOf(d){var f=d&&d.querySelector("form.actions");return f?f.elements.artwork.value+"/"+f.elements.draft.value:"";}
  function mark(i,scroll){var all=drafts();all.forEach(function(d){d.classList.remove("current");});
    if(!all.length){current=-1;return;}current=Math.max(0,Math.min(all.length-1,i));
    all[current].classList.add("current");if(scroll!==false)all[current].scrollIntoView({block:"center"});}
  function go(step){var all=drafts(),next=document.getElementById("next-page");
    if(step>0&&current>=all.length-1&&next){location.href=next.href;return;}mark(current+step);}
  // Drafts, approved, pending, edited, stale, flagged: as the counts at the top list them.
  function tally(root){var t=[0,0,0,0,0,0];root.querySelectorAll("article.draft").forEach(function(d){t[0]++;
    var b=d.querySelector("header .badge"),s=b?" "+b.className+" ":"";
    if(s.indexOf(" approved ")>=0)t[1]++;else if(s.indexOf(" edited ")>=0)t[3]++;else if(s.indexOf(" pending ")>=0)t[2]++;
    if(d.dataset.stale==="true")t[4]++;if(d.dataset.flagged==="true")t[5]++;});return t;}
  function recount(before,after){var cells=document.querySelectorAll("ul.counts li b");
    for(var i=0;i<6&&i<cells.length;i++)cells[i].textContent=String(parseInt(cells[i].textContent,10)+after[i]-before[i]);}
  function say(article,text,answer){var old=article.querySelector(".action-error");if(old)old.remove();
    var box=document.createElement("div");box.className="action-error";box.setAttribute("role","alert");box.textContent=text;
    if(answer&&answer.diff){
      // A refused edit: theirs → yours word by word, then "use mine" or "keep theirs".
      var p=document.createElement("p");p.className="diff";
      answer.diff.forEach(function(part){var el=document.createElement(part.removed!=null?"del":part.added!=null?"ins":"span");
        el.textContent=part.removed!=null?part.removed:part.added!=null?part.added:part.same;p.appendChild(el);});
      box.appendChild(p);
      var form=article.querySelector("form.actions"),mine=document.createElement("button"),theirs=document.createElement("button");
      mine.type="button";mine.textContent="Use mine";mine.className="use-mine";theirs.type="button";theirs.textContent="Keep theirs";theirs.className="keep-theirs";
      mine.addEventListener("click",function(){form.elements.version.value=answer.version;send(form,"edit",false);});
      theirs.addEventListener("click",function(){box.remove();location.reload();});
      box.appendChild(mine);box.appendChild(theirs);
    }else if(answer&&answer.current){var pre=document.createElement("pre");pre.className="theirs";pre.textContent=answer.current;box.appendChild(pre);}
    article.insertBefore(box,article.children[1]||null);}
  function send(form,action,advance){
    var article=form.closest("article"),section=form.closest("section.artwork"),key=keyOf(article);
    var body=new URLSearchParams(new FormData(form));body.set("action",action);
    article.classList.add("busy");
    return fetch("/action",{method:"POST",headers:{"Accept":"application/json"},body:body,credentials:"same-origin"})
      .then(function(r){return r.json().then(function(j){return [r.status,j];},function(){return [r.status,{error:"HTTP "+r.status}];});})
      .then(function(res){article.classList.remove("busy");var j=res[1];
        if(res[0]>=400||!j.section){say(article,j.error||("HTTP "+res[0]),j);return;}
        place(section,j.section);
        var all=drafts(),at=-1;all.forEach(function(d,i){if(at<0&&keyOf(d)===key)at=i;});
        mark(at<0?current:(advance?at+1:at));})
      .catch(function(e){article.classList.remove("busy");say(article,"not sent ("+e+"): is docent review still running?");});
  }
  // An artwork's new card in place of the old one; the counts follow.
  function place(section,html){var before=tally(section),holder=document.createElement("div");holder.innerHTML=html;
    var fresh=holder.querySelector("section.artwork");section.replaceWith(fresh);recount(before,tally(fresh));
    if(window.docentFilter)window.docentFilter();if(window.docentRebase)window.docentRebase();return fresh;}
  // A comment on a draft's thread: the card comes back with it.
  function comment(form){var article=form.closest("article"),section=form.closest("section.artwork");
    fetch("/comment",{method:"POST",headers:{"Accept":"application/json"},body:new URLSearchParams(new FormData(form)),credentials:"same-origin"})
      .then(function(r){return r.json();}).then(function(j){if(!j.section){say(article,j.error||"not kept");return;}place(section,j.section);})
      .catch(function(e){say(article,"not sent ("+e+"): is docent review still running?");});}
  // u: the editor's last action taken back (the server keeps them in output/audit.jsonl).
  function undo(){
    var body=new URLSearchParams();body.set("csrf",csrf);body.set("back",location.search.replace(/^\?/,""));
    fetch("/undo",{method:"POST",headers:{"Accept":"application/json"},body:body,credentials:"same-origin"})
      .then(function(r){return r.json();}).then(function(j){var top=document.querySelector("body>header");
        var note=document.getElementById("undo-said");if(!note){note=document.createElement("p");note.id="undo-said";note.setAttribute("role","status");top.appendChild(note);}
        if(!j.section){note.textContent="Not undone: "+(j.error||"no answer");return;}
        note.textContent=j.said+".";
        var old=document.getElementById(j.artwork);if(!old){note.textContent+=" (that artwork is on another page)";return;}
        var fresh=place(old,j.section);
        var first=fresh.querySelector("article.draft:not(.hidden)"),all=drafts();if(first)mark(all.indexOf(first));})
      .catch(function(e){alert("Not undone: "+e);});}
  // "Approve all shown": counted first, for a confirmation that says how many and with what;
  // drafts with errors only when the editor says so; then the page again. "Reject all shown":
  // a note first, then the same count and confirmation.
  function bulk(reject){
    var note="";if(reject){note=prompt("A note for the next run, kept on each draft rejected:");if(!note||!note.trim())return;}
    var body=new URLSearchParams();body.set("csrf",csrf);body.set("back",location.search.replace(/^\?/,""));
    if(reject){body.set("action","reject");body.set("note",note);}
    function post(b){return fetch("/bulk",{method:"POST",headers:{"Accept":"application/json"},body:b,credentials:"same-origin"}).then(function(r){return r.json();});}
    var verb=reject?"Reject":"Approve",done=reject?"Rejected":"Approved";
    post(body).then(function(j){
      if(j.error){alert(j.error);return;}
      var errors=reject;
      if(!reject&&j.withErrors>0)errors=confirm(j.withErrors+" draft"+(j.withErrors===1?"":"s")+" shown carr"+(j.withErrors===1?"ies":"y")+" error-level checks: include "+(j.withErrors===1?"it":"them")+"? (Cancel leaves them out)");
      var count=j.count+(errors&&!reject?j.withErrors:0);
      if(!count){alert("No unapproved, current draft to "+verb.toLowerCase()+" here"+(j.stale?" ("+j.stale+" stale: accept or keep them first)":"")+".");return;}
      if(!confirm(verb+" "+count+" draft"+(count===1?"":"s")+" these filters show, on every page, in your name? "+j.warnings+" carr"+(j.warnings===1?"ies":"y")+" warnings"
        +(reject?"":errors?", "+j.withErrors+" errors":(j.withErrors?"; "+j.withErrors+" with errors left out":""))+(j.stale?"; "+j.stale+" stale left out":"")+"."))return;
      body.set("confirm","1");if(errors&&!reject)body.set("errors","1");
      post(body).then(function(d){
        if(d.error){alert(d.error);return;}
        var n=reject?d.rejected:d.approved;
        alert(done+" "+n+" draft"+(n===1?"":"s")+(d.failed?"; not "+done.toLowerCase()+": "+d.failed.join("; "):"")+".");location.reload();});
    }).catch(function(e){alert("Not sent: "+e);});}
  var bulkButton=document.getElementById("bulk-approve");if(bulkButton)bulkButton.addEventListener("click",function(){bulk(false);});
  var rejectButton=document.getElementById("bulk-reject");if(rejectButton)rejectButton.addEventListener("click",function(){bulk(true);});
  document.addEventListener("submit",function(e){var f=e.target;
    if(f.matches("form.comment")){e.preventDefault();comment(f);return;}
    if(!f.matches("form.actions"))return;e.preventDefault();
    var action=(e.submitter&&e.submitter.value)||"approve",i=drafts().indexOf(f.closest("article"));if(i>=0)current=i;
    send(f,action,action==="approve"||action==="reject");});
  document.addEventListener("keydown",function(e){var t=e.target;
    if(t.name==="note"&&t.closest("form.actions")){
      if(e.key==="Enter"){e.preventDefault();send(t.form,"reject",true);}else if(e.key==="Escape"){t.value="";t.blur();}
      return;}
    if(t.tagName==="INPUT"||t.tagName==="TEXTAREA"||t.tagName==="SELECT"||e.metaKey||e.ctrlKey||e.altKey)return;
    var d=drafts()[current];
    if(e.key==="j")go(1);else if(e.key==="k")go(-1);
    else if(e.key==="a"&&d){var f=d.querySelector("form.actions");if(f&&f.querySelector("button[value=approve]"))send(f,"approve",true);else go(1);}
    else if(e.key==="r"&&d){e.preventDefault();var n=d.querySelector("input[name=note]");if(n)n.focus();}
    else if(e.key==="e"&&d){e.preventDefault();var det=d.querySelector("form.actions details");if(det){det.open=true;det.querySelector("textarea").focus();}}
    else if(e.key==="u"){undo();}
    else if(e.key==="/"){e.preventDefault();var s=document.getElementById("f-search");if(s)s.focus();}
    else if(e.key==="?"){var k=document.querySelector(".keys");if(k)k.classList.toggle("shown");}
  });
  // The first draft of the queue is current when the page loads.
  mark(0,false);
})();
