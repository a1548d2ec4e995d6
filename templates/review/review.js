(function(){
  var ids=["f-unapproved","f-flagged","f-stale","f-language","f-audience","f-check","f-queue","f-search"];
  // In docent review the filters live in the address (the server pages the queue by them):
  // the controls are set from it, and a change loads page 1 of the new selection.
  var app=!!document.querySelector("nav.paging");
  var names={"f-unapproved":"unapproved","f-flagged":"flagged","f-stale":"stale","f-language":"language","f-audience":"audience","f-check":"check","f-queue":"queue","f-search":"q"};
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
  function apply(){
    var u=el("f-unapproved").checked,f=el("f-flagged").checked,s=el("f-stale").checked,l=el("f-language").value,
        a=el("f-audience").value,c=(el("f-check")||{}).value||"",q=((el("f-search")||{}).value||"").toLowerCase(),shown=0,total=0;
    var order=sections.slice();
    if((el("f-queue")||{}).checked)order.sort(function(x,y){return rank(x)-rank(y);});
    order.forEach(function(s){main.appendChild(s);});
    document.querySelectorAll("article.draft").forEach(function(d){
      total++;
      var ok=(!u||d.dataset.approved!=="true")&&(!f||d.dataset.flagged==="true")&&(!s||d.dataset.stale==="true")
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
  apply();
})();
(function(){
  // docent review: keyboard shortcuts over the drafts shown (j / k, a approve, r reject); j
  // past the last draft goes on to the next page.
  if(!document.querySelector("form.actions"))return;
  var current=-1;
  function drafts(){return Array.prototype.filter.call(document.querySelectorAll("article.draft"),function(d){return !d.classList.contains("hidden");});}
  function go(step){var all=drafts(),next=document.getElementById("next-page");
    if(step>0&&current>=all.length-1&&next){location.href=next.href;return;}
    if(!all.length)return;current=Math.max(0,Math.min(all.length-1,current+step));
    all.forEach(function(d){d.classList.remove("current");});all[current].classList.add("current");all[current].scrollIntoView({block:"center"});}
  function press(value){var all=drafts();if(current<0||!all[current])return;var b=all[current].querySelector("button[value="+value+"]");if(b)b.click();}
  document.addEventListener("keydown",function(e){
    if(e.target.tagName==="INPUT"||e.target.tagName==="TEXTAREA"||e.target.tagName==="SELECT"||e.metaKey||e.ctrlKey||e.altKey)return;
    if(e.key==="j")go(1);else if(e.key==="k")go(-1);else if(e.key==="a")press("approve");else if(e.key==="r")press("reject");
  });
})();
